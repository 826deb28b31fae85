/**
 * Fills the timeline from the HTTP API: a room's latest page when it is first opened, everything newer after
 * a (re)connect, older pages on request. The socket only carries what is said while it is open; this covers
 * the rest.
 */
import { LOBBY_ROOM_ID } from '../lambdas/contract/limits';
import { type Api, ApiError, errorText } from './api';
import type { Timeline } from './timeline-state';

const historyPageSize = 50;

export interface TimelineHistoryDeps {
  /** Null until config.json says where the API is. */
  api: () => Pick<Api, 'listMessages' | 'listMessagesAfter'> | null;
  timeline: Timeline;
  me: () => string | null;
  /** New messages for `roomId` are in the timeline; `keep` when they were added above what is shown. */
  onChange: (roomId: string, scroll: 'auto' | 'keep') => void;
  /** The server says the room does not exist (a stale link, a typo in the hash). */
  onRoomMissing: (roomId: string) => void;
  showError: (message: string) => void;
}

export class TimelineHistory {
  private readonly loaded = new Set<string>();
  private readonly older = new Map<string, boolean>();
  private readonly syncs = new Map<string, Promise<void>>();

  constructor(private readonly deps: TimelineHistoryDeps) {}

  /** Whether the room's first page has arrived (until then "no messages yet" would be a guess). */
  isLoaded(roomId: string): boolean {
    return this.loaded.has(roomId);
  }

  hasOlder(roomId: string): boolean {
    return this.older.get(roomId) ?? false;
  }

  /** One load per room at a time; a later request (a reconnect during a load) runs after, so it still catches up. */
  sync(roomId: string): Promise<void> {
    const next = (this.syncs.get(roomId) ?? Promise.resolve()).then(() => this.load(roomId));
    this.syncs.set(roomId, next);
    return next;
  }

  async loadOlder(roomId: string): Promise<void> {
    const api = this.deps.api();
    const oldest = this.deps.timeline.oldestMessageId(roomId);
    if (!api || !oldest) return;
    try {
      const page = await api.listMessages(roomId, { limit: historyPageSize, before: oldest });
      this.deps.timeline.add(roomId, page.messages, this.deps.me());
      this.older.set(roomId, page.next !== null && page.messages.length > 0);
      this.deps.onChange(roomId, 'keep');
    } catch (err) {
      this.deps.showError(`Could not load older messages: ${errorText(err)}`);
    }
  }

  private async load(roomId: string): Promise<void> {
    const { timeline, me } = this.deps;
    const api = this.deps.api();
    if (!api) return;
    try {
      if (!this.loaded.has(roomId)) {
        const page = await api.listMessages(roomId, { limit: historyPageSize });
        timeline.add(roomId, page.messages, me());
        this.older.set(roomId, page.next !== null && page.messages.length > 0);
        this.loaded.add(roomId);
      }
      timeline.add(roomId, await api.listMessagesAfter(roomId, timeline.lastMessageId(roomId)), me());
    } catch (err) {
      // The lobby always exists: a refusal there is an outage, not a missing room.
      if (err instanceof ApiError && (err.status === 404 || err.status === 400) && roomId !== LOBBY_ROOM_ID) {
        this.deps.onRoomMissing(roomId);
        return;
      }
      this.deps.showError(`Could not load messages: ${errorText(err)}`);
    }
    this.deps.onChange(roomId, 'auto');
  }
}
