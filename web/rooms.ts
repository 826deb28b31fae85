/** The rooms a person can open: the list, the open one (kept in the URL's hash), creating one. */
// limits.ts directly: the contract's index would bring its schemas (and valibot) into the bundle.
import { LOBBY_ROOM_ID } from '../lambdas/contract/limits';
import { type Api, ApiError, errorText } from './api';
import type { Room } from './types';

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

/** One entry per room, the lobby always there and first, the others by name. */
export function sortRooms(list: readonly Room[]): Room[] {
  const byRoomId = new Map(list.map((r) => [r.roomId, r]));
  if (!byRoomId.has(LOBBY_ROOM_ID)) byRoomId.set(LOBBY_ROOM_ID, lobby);
  return [...byRoomId.values()].sort((a, b) =>
    a.roomId === LOBBY_ROOM_ID ? -1 : b.roomId === LOBBY_ROOM_ID ? 1 : a.name.localeCompare(b.name),
  );
}

export interface RoomsView {
  /** The list with the open room marked, and the open room's title. */
  showRooms(rooms: readonly Room[], current: string): void;
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
}

export class Rooms {
  private list: readonly Room[] = [lobby];
  private open: string;

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

  render(): void {
    this.deps.view.showRooms(this.list, this.open);
  }

  select(roomId: string): void {
    if (roomId === this.open) return;
    this.open = roomId;
    this.deps.setHash(hashFor(roomId));
    this.deps.onSwitch(roomId);
  }

  async refresh(): Promise<void> {
    const api = this.deps.api();
    if (!api) return;
    try {
      this.list = sortRooms(await api.listRooms());
      this.render();
    } catch (err) {
      this.deps.showError(`Could not load the rooms: ${errorText(err)}`);
    }
  }

  async create(rawName: string): Promise<void> {
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
      const room = await api.createRoom(token, name);
      // Shown at once (the list's order settles with the refresh below).
      if (!this.list.some((r) => r.roomId === room.roomId)) this.list = [...this.list, room];
      view.clearCreateInput();
      this.select(room.roomId);
      void this.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.deps.onExpired();
      else view.showCreateProblem(errorText(err));
    } finally {
      view.setCreating(false);
    }
  }
}
