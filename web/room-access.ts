/**
 * Who may do what in the open room (issue 16): its roles (GET /rooms/{roomId}/roles), the reader's own role, and
 * what owners and moderators do from the page — add and remove members, leave, mute and remove people for a time,
 * lift both, read the moderation log. The view draws; nothing here touches the DOM.
 */
import type { ModerationEntry, RoomRoles } from '../lambdas/contract/access';
import type { AccessApi, GrantedRole, Sanctioning } from './access-api';
import { accessErrorText } from './access-errors';
import { ApiError } from './api';

/** The reader's standing in a room: a role there, an admin (public rooms and the lobby), or nothing. */
export type Standing = 'owner' | 'moderator' | 'member' | 'admin' | null;

export function standingIn(roles: RoomRoles | null, me: string | null): Standing {
  if (!roles || !me) return null;
  const role = roles.people.find((p) => p.name === me)?.role;
  if (role) return role;
  return roles.visibility === 'public' && roles.admins.includes(me) ? 'admin' : null;
}

/** Deletes anyone's message, mutes and removes people, reads the log. */
export const moderates = (s: Standing): boolean => s === 'owner' || s === 'moderator' || s === 'admin';

/** What the panel offers the reader. */
export interface AccessState {
  roomId: string;
  roles: RoomRoles | null;
  standing: Standing;
  /** Adds and removes members (a private room's owner and moderators). */
  manageMembers: boolean;
  /** Makes moderators (the owner; an admin in a public room). */
  makeModerators: boolean;
  /** May leave (a private room's member or moderator; the owner cannot). */
  canLeave: boolean;
}

export function accessState(roomId: string, roles: RoomRoles | null, me: string | null): AccessState {
  const standing = standingIn(roles, me);
  const isPrivate = roles?.visibility === 'private';
  return {
    roomId,
    roles,
    standing,
    manageMembers: isPrivate && (standing === 'owner' || standing === 'moderator'),
    makeModerators: standing === 'owner' || (!isPrivate && standing === 'admin'),
    canLeave: isPrivate && (standing === 'moderator' || standing === 'member'),
  };
}

export type SanctionKind = 'mute' | 'removal';

export interface RoomAccessView {
  show(state: AccessState): void;
  /** What went wrong, next to the controls (''). */
  showProblem(message: string): void;
  /** What was done, said to screen readers too. */
  showDone(message: string): void;
  showLog(entries: readonly ModerationEntry[] | null): void;
}

export interface RoomAccessDeps {
  /** Null until config.json says where the API is. */
  api: () => AccessApi | null;
  /** Runs a call with the person's token (renewed once if refused as expired). */
  authorized: <T>(call: (token: string) => Promise<T>) => Promise<T>;
  /** The token to read roles with (a private room's need a member's), null for a guest's public reading. */
  token: () => string | null;
  room: () => string;
  me: () => string | null;
  view: RoomAccessView;
  /** The reader left a private room: off the list, to the lobby. */
  onLeft: (roomId: string) => void;
  /** The reader's standing changed: rows redraw with or without moderators' actions. */
  onStanding: () => void;
}

export class RoomAccess {
  private state: AccessState;

  constructor(private readonly deps: RoomAccessDeps) {
    this.state = accessState(deps.room(), null, deps.me());
  }

  get moderator(): boolean {
    return this.state.roomId === this.deps.room() && moderates(this.state.standing);
  }

  get current(): AccessState {
    return this.state;
  }

  /** The roles of `roomId` (the open room) read again; quiet on failure (the panel stays as it was). */
  async refresh(roomId: string = this.deps.room()): Promise<void> {
    const api = this.deps.api();
    if (!api) return;
    let roles: RoomRoles | null = null;
    try {
      roles = await api.listRoles(this.deps.token() ?? undefined, roomId);
    } catch {
      roles = null;
    }
    if (roomId !== this.deps.room()) return;
    this.set(accessState(roomId, roles, this.deps.me()));
  }

  /** Another room: nobody's powers carry over until its roles are read. */
  roomChanged(roomId: string): void {
    this.set(accessState(roomId, null, this.deps.me()));
    this.deps.view.showLog(null);
    this.deps.view.showProblem('');
  }

  addMember(rawName: string, role: GrantedRole): Promise<void> {
    const name = rawName.trim();
    if (!name) return this.problem('Whose name? Type an account’s username.');
    const roomId = this.state.roomId;
    return this.act(
      (api, token) => api.putMember(token, roomId, name, role),
      `${name} is now a ${role} of this room.`,
      name,
    );
  }

  removeMember(name: string): Promise<void> {
    const roomId = this.state.roomId;
    return this.act(
      (api, token) => api.deleteMember(token, roomId, name),
      `${name} no longer has a role here.`,
      name,
    );
  }

  async leave(): Promise<void> {
    const me = this.deps.me();
    const roomId = this.state.roomId;
    if (!me) return;
    // A 204 is null; undefined means it failed (the problem is shown).
    const left = await this.run((api, token) => api.deleteMember(token, roomId, me));
    if (left !== undefined) this.deps.onLeft(roomId);
  }

  sanction(kind: SanctionKind, rawName: string, minutes: number, reason: string): Promise<void> {
    const name = rawName.trim();
    if (!name) return this.problem('Whom? Type the person’s name.');
    if (!Number.isInteger(minutes) || minutes < 1) return this.problem('Give the time in whole minutes.');
    const roomId = this.state.roomId;
    const s: Sanctioning = { name, minutes, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    return kind === 'mute'
      ? this.act((api, token) => api.mute(token, roomId, s), `${name} is muted for ${minutes} min.`, name)
      : this.act(
          (api, token) => api.remove(token, roomId, s),
          `${name} is removed from this room for ${minutes} min.`,
          name,
        );
  }

  lift(kind: SanctionKind, rawName: string): Promise<void> {
    const name = rawName.trim();
    if (!name) return this.problem('Whom? Type the person’s name.');
    const roomId = this.state.roomId;
    return kind === 'mute'
      ? this.act((api, token) => api.unmute(token, roomId, name), `${name} may post again.`, name)
      : this.act((api, token) => api.unremove(token, roomId, name), `${name} may come back.`, name);
  }

  async showLog(): Promise<void> {
    const roomId = this.state.roomId;
    const log = await this.run((api, token) => api.moderationLog(token, roomId));
    if (log && roomId === this.deps.room()) this.deps.view.showLog(log.entries);
  }

  private async problem(message: string): Promise<void> {
    this.deps.view.showProblem(message);
  }

  /** Runs a call; on success says so and reads the roles again. */
  private async act<T>(
    call: (api: AccessApi, token: string) => Promise<T>,
    done: string,
    name?: string,
  ): Promise<void> {
    if ((await this.run(call, name)) === undefined) return;
    this.deps.view.showDone(done);
    await this.refresh(this.state.roomId);
  }

  /** The call's result (null for a 204), or undefined when it failed (the problem shown). */
  private async run<T>(
    call: (api: AccessApi, token: string) => Promise<T>,
    name?: string,
  ): Promise<T | null | undefined> {
    const api = this.deps.api();
    if (!api) return undefined;
    this.deps.view.showProblem('');
    try {
      return (await this.deps.authorized((token) => call(api, token))) ?? null;
    } catch (err) {
      this.deps.view.showProblem(
        err instanceof ApiError && err.status === 401
          ? 'Sign in again to do this.'
          : accessErrorText(err, name),
      );
      return undefined;
    }
  }

  private set(state: AccessState): void {
    const before = this.state;
    this.state = state;
    this.deps.view.show(state);
    if (moderates(before.standing) !== moderates(state.standing) || before.roomId !== state.roomId)
      this.deps.onStanding();
  }
}
