/** The rooms a person can open: the list, the open one (kept in the URL's hash), creating one. */
// limits.ts directly: the contract's index would bring its schemas (and valibot) into the bundle.
import type { Visibility } from '../lambdas/contract/access';
import { LOBBY_ROOM_ID } from '../lambdas/contract/limits';
import { type Api, ApiError, errorText } from './api';
import type { Room, RoomListing } from './types';
import type { UnreadCounts } from './unread';

const lobby: Room = { roomId: LOBBY_ROOM_ID, name: LOBBY_ROOM_ID };

/** Room ids are slugs; anything else in the hash (a typo, `#General`) would only be refused by the server. */
const ROOM_ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** The room a URL hash (`#general`, with or without the `#`) names, or null when it names none. */
export function roomFromHash(hash: string): string | null {
  const raw = hash.replace(/^#/, '');
  if (!raw) return null;
  try {
    const roomId = decodeURIComponent(raw);
    return ROOM_ID.test(roomId) ? roomId : null;
  } catch {
    return null;
  }
}

export function hashFor(roomId: string): string {
  return `#${encodeURIComponent(roomId)}`;
}

/**
 * One entry per room (the later one wins), the lobby always there and first, the others by id: the server's
 * order, so each page it sends goes after the ones before.
 */
export function sortRooms(list: readonly Room[]): Room[] {
  const byRoomId = new Map(list.map((r) => [r.roomId, r]));
  if (!byRoomId.has(LOBBY_ROOM_ID)) byRoomId.set(LOBBY_ROOM_ID, lobby);
  const rank = (r: Room) => (r.roomId === LOBBY_ROOM_ID ? '' : r.roomId);
  return [...byRoomId.values()].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

/** Rooms asked for a page. */
export const ROOM_PAGE_SIZE = 50;

export interface RoomsView {
  /** The list with the open room marked, and the open room's title; `hasMore`: more rooms can be loaded. */
  showRooms(rooms: readonly Room[], current: string, hasMore: boolean): void;
  showCreateProblem(message: string): void;
  setCreating(busy: boolean): void;
  clearCreateInput(): void;
}

export interface RoomsDeps {
  /** Null until config.json says where the API is. */
  api: () => Pick<Api, 'listRooms' | 'createRoom'> | null;
  token: () => string | null;
  view: RoomsView;
  /** Records the open room in the URL (replacing, not pushing: switching rooms is not navigation). */
  setHash: (hash: string) => void;
  /** The open room changed: the rest of the page follows. */
  onSwitch: (roomId: string) => void;
  /** The server refused the token. */
  onExpired: () => void;
  showError: (message: string) => void;
  /** Where the unread counts GET /rooms gives with the token go; `onCounts` when they arrived. */
  counts?: Pick<UnreadCounts, 'mark' | 'fromServer'>;
  onCounts?: () => void;
}

export class Rooms {
  private list: readonly Room[] = [lobby];
  private open: string;
  /** The cursor of the next page; null when every room is loaded (or none was asked for yet). */
  private next: string | null = null;
  /** The page being loaded, so a scroll that fires many times asks once. */
  private loading: Promise<void> | null = null;
  /** What the view shows now: render() draws only when it changed (the page calls render on every frame). */
  private shown: { list: readonly Room[]; open: string; hasMore: boolean } | null = null;

  constructor(
    private readonly deps: RoomsDeps,
    initial: string = LOBBY_ROOM_ID,
  ) {
    this.open = initial;
  }

  get current(): string {
    return this.open;
  }

  get rooms(): readonly Room[] {
    return this.list;
  }

  get hasMore(): boolean {
    return this.next !== null;
  }

  /** Draws the list, unless the view shows it already (the list is replaced, never changed in place). */
  render(): void {
    const shown = this.shown;
    if (shown && shown.list === this.list && shown.open === this.open && shown.hasMore === this.hasMore)
      return;
    this.shown = { list: this.list, open: this.open, hasMore: this.hasMore };
    this.deps.view.showRooms(this.list, this.open, this.hasMore);
  }

  select(roomId: string): void {
    if (roomId === this.open) return;
    this.open = roomId;
    this.deps.setHash(hashFor(roomId));
    this.deps.onSwitch(roomId);
  }

  /** Loads the first page again: the list starts over from it. */
  async refresh(): Promise<void> {
    try {
      const page = await this.listPage();
      if (!page) return;
      this.list = sortRooms(page.rooms);
      this.next = page.next;
      this.render();
    } catch (err) {
      this.deps.showError(`Could not load the rooms: ${errorText(err)}`);
    }
  }

  /**
   * The first page again for its unread counts (the socket hears only the open room): its rooms join the list,
   * and the pages loaded after it stay. Quiet on failure: the next refresh tries again.
   */
  async refreshCounts(): Promise<void> {
    try {
      const page = await this.listPage();
      if (!page) return;
      this.list = sortRooms([...this.list, ...page.rooms]);
      this.render();
    } catch {
      // The counts are a convenience; the rooms themselves are already listed.
    }
  }

  /**
   * A page of rooms, with the person's counts when signed in (handed to `counts`). A refused token expires the
   * session and the page is read again without it.
   */
  private async listPage(next?: string): Promise<{ rooms: RoomListing[]; next: string | null } | null> {
    const api = this.deps.api();
    if (!api) return null;
    const token = this.deps.token() ?? undefined;
    const mark = this.deps.counts?.mark();
    let page: { rooms: RoomListing[]; next: string | null };
    try {
      page = await api.listRooms({ limit: ROOM_PAGE_SIZE, next, token });
    } catch (err) {
      if (!(token && err instanceof ApiError && err.status === 401)) throw err;
      this.deps.onExpired();
      return api.listRooms({ limit: ROOM_PAGE_SIZE, next });
    }
    if (token && mark !== undefined) {
      this.deps.counts?.fromServer(page.rooms, mark, this.open);
      this.deps.onCounts?.();
    }
    return page;
  }

  /** The view scrolled near the end of the list: the next page, once, if there is one. */
  loadMore(): Promise<void> {
    if (!this.loading && this.next !== null) {
      this.loading = this.loadPage(this.next).finally(() => {
        this.loading = null;
      });
    }
    return this.loading ?? Promise.resolve();
  }

  private async loadPage(cursor: string): Promise<void> {
    try {
      const page = await this.listPage(cursor);
      if (!page) return;
      // A refresh meanwhile started the list over: this page belongs to the old one.
      if (this.next !== cursor) return;
      this.list = sortRooms([...this.list, ...page.rooms]);
      this.next = page.next;
      this.render();
    } catch (err) {
      this.deps.showError(`Could not load more rooms: ${errorText(err)}`);
    }
  }

  /** A room made or opened elsewhere (a direct message): listed at once, in its place, and opened. */
  enter(room: Room): void {
    if (!this.list.some((r) => r.roomId === room.roomId)) this.list = sortRooms([...this.list, room]);
    this.select(room.roomId);
    this.render();
  }

  /** A private room the person is no longer in (left, removed): off the list, and the lobby opened if it was open. */
  forget(roomId: string): void {
    if (roomId === LOBBY_ROOM_ID) return;
    this.list = this.list.filter((r) => r.roomId !== roomId);
    if (this.open === roomId) this.select(LOBBY_ROOM_ID);
    this.render();
  }

  async create(rawName: string, visibility?: Visibility): Promise<void> {
    const { view } = this.deps;
    const name = rawName.trim();
    if (!name) {
      view.showCreateProblem('Give the room a name.');
      return;
    }
    const api = this.deps.api();
    const token = this.deps.token();
    if (!api || !token) return;
    view.setCreating(true);
    view.showCreateProblem('');
    try {
      const room = await (visibility ? api.createRoom(token, name, visibility) : api.createRoom(token, name));
      // Shown at once, in its place by id. No refresh: it would start the list over and drop the pages
      // scrolled to; a later page that holds the room again replaces it.
      if (!this.list.some((r) => r.roomId === room.roomId)) this.list = sortRooms([...this.list, room]);
      view.clearCreateInput();
      this.select(room.roomId);
      this.render();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.deps.onExpired();
      else view.showCreateProblem(errorText(err));
    } finally {
      view.setCreating(false);
    }
  }
}
