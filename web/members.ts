/** Who is in each room (presence) and who is typing in the open one. */
import type { Api } from './api';
import type { Clock } from './clock';
import { normalizeMembers } from './frames';
import { TypingTracker, typingLabel } from './typing';

export interface MembersView {
  showMembers(names: readonly string[], me: string | null): void;
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

export class Members {
  private readonly byRoom = new Map<string, string[]>();
  private readonly typing: TypingTracker;
  private cancelRedraw = () => {};

  constructor(
    private readonly deps: MembersDeps,
    typing = new TypingTracker(),
  ) {
    this.typing = typing;
  }

  in(roomId: string): readonly string[] {
    return this.byRoom.get(roomId) ?? [];
  }

  /** A presence frame: the server's full list for the room. */
  set(roomId: string, names: string[]): void {
    this.byRoom.set(roomId, names);
  }

  /** Reads the room's members over HTTP (the socket only says when they change). */
  async refresh(roomId: string): Promise<void> {
    const api = this.deps.api();
    if (!api) return;
    try {
      this.byRoom.set(roomId, normalizeMembers(await api.listMembers(roomId)));
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
    this.deps.view.showMembers(this.in(this.deps.room()), this.deps.me());
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
