/**
 * What the person has not read, per room: the `unread` and `mentions` counts GET /rooms gives with a token, kept
 * current by live messages and cleared as the person reads. Pure: no DOM, no network.
 */
import { limits } from '../lambdas/contract/limits';
import { mentionsMe } from './message-changes';
import type { ChatMessage } from './types';

export interface RoomCounts {
  unread: number;
  mentions: number;
}

const none: RoomCounts = { unread: 0, mentions: 0 };

/** The server counts up to `limits.unread.max`, which means "that many or more". */
export function countLabel(n: number): string {
  return n >= limits.unread.max ? `${limits.unread.max - 1}+` : String(n);
}

/** "3 unread, 1 mention": what a screen reader says after the room's name. Empty when nothing is unread. */
export function countsDescription({ unread, mentions }: RoomCounts): string {
  if (unread === 0 && mentions === 0) return '';
  const parts = [`${countLabel(unread)} unread`];
  if (mentions > 0) parts.push(`${countLabel(mentions)} ${mentions === 1 ? 'mention' : 'mentions'}`);
  return parts.join(', ');
}

/** Where the page's read markers stand (read-marker.ts): whether the server knew of them when it counted. */
export interface MarkerState {
  mark(): number;
  settledSince(roomId: string, mark: number): boolean;
}

/** Before any marker: the server's counts are taken as they come. */
const noMarkers: MarkerState = { mark: () => 0, settledSince: () => true };

export class UnreadCounts {
  private readonly counts = new Map<string, RoomCounts>();

  constructor(private readonly markers: MarkerState = noMarkers) {}

  get(roomId: string): RoomCounts {
    return this.counts.get(roomId) ?? none;
  }

  /** Every room with something unread. */
  all(): ReadonlyMap<string, RoomCounts> {
    return this.counts;
  }

  /** Call before asking GET /rooms; hand the result to `fromServer` with it. */
  mark(): number {
    return this.markers.mark();
  }

  /**
   * The server's counts (GET /rooms with a token) for the rooms it listed, but for the open room (the socket
   * tells the page all that happens there, and what is on screen is read) and a room whose read marker the server
   * did not have yet when it counted (the marker goes over the socket, GET /rooms over HTTP: either may be first).
   */
  fromServer(
    rooms: readonly { roomId: string; unread?: number; mentions?: number }[],
    mark: number,
    openRoom?: string,
  ): void {
    for (const room of rooms) {
      if (room.unread === undefined || room.roomId === openRoom) continue;
      if (!this.markers.settledSince(room.roomId, mark)) continue;
      this.set(room.roomId, { unread: room.unread, mentions: room.mentions ?? 0 });
    }
  }

  /** A live message: counted unless the person sent it. True when a count changed. */
  arrived(message: ChatMessage, me: string | null): boolean {
    if (message.sender === me || message.deleted) return false;
    const { unread, mentions } = this.get(message.roomId);
    const cap = (n: number) => Math.min(n, limits.unread.max);
    this.set(message.roomId, {
      unread: cap(unread + 1),
      mentions: cap(mentions + (mentionsMe(message, me) ? 1 : 0)),
    });
    return true;
  }

  /** The person has read the room up to its newest message. True when a count changed. */
  read(roomId: string): boolean {
    return this.counts.delete(roomId);
  }

  private set(roomId: string, counts: RoomCounts): void {
    if (counts.unread === 0 && counts.mentions === 0) this.counts.delete(roomId);
    else this.counts.set(roomId, counts);
  }
}
