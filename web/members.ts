/** Who is in each room (presence) and who is typing in the open one. */
import type { Api } from './api';
import type { Clock } from './clock';
import { normalizeMembers } from './frames';
import { TypingTracker, typingLabel } from './typing';

export interface MembersView {
  /** `count`: how many the room holds; more than `names` when only the first of a big room are known. */
  showMembers(names: readonly string[], me: string | null, count: number): void;
  showTyping(label: string): void;
}

export interface MembersDeps {
  /** Null until config.json says where the API is. */
  api: () => Pick<Api, 'listMembers'> | null;
  view: MembersView;
  clock: Clock;
  room: () => string;
  me: () => string | null;
  /** The open room's member list changed. */
  onChange: () => void;
}

/** The typing line is redrawn this long after a name's notice runs out, so the expiry has surely passed. */
const expiryMarginMs = 20;
/** ...and never sooner than this after the last redraw. */
const minRedrawMs = 50;

/** What the page knows of a room: the names it was told (all, or the first of a big room) and the room's size. */
interface RoomMembers {
  names: string[];
  count: number;
}

export class Members {
  private readonly byRoom = new Map<string, RoomMembers>();
  private readonly typing: TypingTracker;
  private cancelRedraw = () => {};

  constructor(
    private readonly deps: MembersDeps,
    typing = new TypingTracker(),
  ) {
    this.typing = typing;
  }

  in(roomId: string): readonly string[] {
    return this.byRoom.get(roomId)?.names ?? [];
  }

  /** How many people the room holds (the server's count; at least the names known). */
  countIn(roomId: string): number {
    const room = this.byRoom.get(roomId);
    return room ? Math.max(room.count, room.names.length) : 0;
  }

  /** A presence frame (or the members route): the first names of the room, and how many it holds. */
  set(roomId: string, names: string[], count = names.length): void {
    this.byRoom.set(roomId, { names, count });
  }

  /**
   * A presenceChange frame: who left and who came since. Applied as set operations, so a change told twice (the
   * stream delivers at least once) changes nothing more.
   */
  change(roomId: string, joined: readonly string[], left: readonly string[], count: number): void {
    const gone = new Set(left);
    const names = this.in(roomId).filter((name) => !gone.has(name));
    this.byRoom.set(roomId, { names: normalizeMembers([...names, ...joined]), count });
  }

  /** Reads the room's members over HTTP (the socket only says when they change). */
  async refresh(roomId: string): Promise<void> {
    const api = this.deps.api();
    if (!api) return;
    try {
      const page = await api.listMembers(roomId);
      const names = normalizeMembers(page.members);
      this.byRoom.set(roomId, { names, count: typeof page.count === 'number' ? page.count : names.length });
      if (roomId === this.deps.room()) this.deps.onChange();
    } catch {
      // Presence frames keep the list current anyway.
    }
  }

  /** A typing frame: shown when it is from someone else in the open room. */
  typingFrom(roomId: string, name: string): void {
    if (roomId !== this.deps.room() || name === this.deps.me()) return;
    this.typing.add(name, this.deps.clock.now());
    this.renderTyping();
  }

  /** A message from `name` ends their typing notice at once. */
  spoke(name: string): void {
    this.typing.remove(name);
  }

  /** Another room: its typists are not known yet. */
  roomChanged(): void {
    this.typing.clear();
  }

  render(): void {
    const room = this.deps.room();
    this.deps.view.showMembers(this.in(room), this.deps.me(), this.countIn(room));
    this.renderTyping();
  }

  /** Draws the typing line, and again when the next name runs out. */
  private renderTyping(): void {
    const { clock, view } = this.deps;
    const now = clock.now();
    view.showTyping(typingLabel(this.typing.active(now)));
    this.cancelRedraw();
    this.cancelRedraw = () => {};
    const next = this.typing.nextExpiry();
    if (next !== null)
      this.cancelRedraw = clock.later(
        () => this.renderTyping(),
        Math.max(minRedrawMs, next - now + expiryMarginMs),
      );
  }
}
