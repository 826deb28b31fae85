import type { ModerationEntry, Role, RoomKind } from '../contract/access';
import { canonicalName } from '../contract/canonical-name';
import { LOBBY_ROOM_ID } from '../contract/limits';
import { ChatError } from './errors';
import type { IdentityKind } from './identity';
import type { RoomStore } from './ports';
import { requireRoom } from './rooms';
import type { Room } from './types';

/**
 * Who may see and do what in a room (issue 16). A public room is anyone's to read; its owner (the account that
 * created it), its moderators and the deployment's admins moderate it. A private room exists only for its members
 * (accounts): to anyone else every path answers 404 `room_not_found`, as for a room that does not exist. Admins do
 * not see private rooms: a direct message stays between its two people.
 *
 * Roles are keyed by the name's skeleton (contract/canonical-name.ts), as accounts' usernames are reserved, so a
 * role can never be reached through a look-alike name; only accounts hold roles (a guest's name is held for one
 * session, and the next guest to take it must not inherit a role).
 */

/** Who asks: a name and how it signed in (absent: no token). */
export interface Viewer {
  name: string;
  kind: IdentityKind;
}

/** A role in one room, as stored. `roomCreatedAt` ties it to that room: a room of the same id made later (after
 * the first expired) does not inherit its members. */
export interface RoleRecord {
  name: string;
  role: Role;
  addedBy: string;
  addedAt: string;
  roomCreatedAt: string;
}

/** A private room of the person's, as their role item says (the reverse index of roles, by name). */
export interface RoomOfPerson {
  roomId: string;
  roomCreatedAt: string;
  role: Role;
  kind: RoomKind;
  dmWith?: string;
}

/** A removal and a mute of one person in one room; epoch seconds, absent or past when none is in force. */
export interface SanctionRecord {
  name: string;
  removeUntil?: number;
  muteUntil?: number;
  reason?: string;
}

/** What a stored role item carries beside the record: enough for GET /rooms to list the room without reading it. */
export interface RoleItem extends RoleRecord {
  /** The person's skeleton (personKey). */
  key: string;
  kind: RoomKind;
  visibility: 'public' | 'private';
  dmWith?: string;
}

/**
 * Roles, sanctions and the moderation log of each room (adapters/room-access-table.ts): every read is one GetItem
 * or one bounded Query, every change one write (a room and its first roles: one transaction).
 */
export interface RoomAccessStore {
  /** The person's role in the room (strongly consistent), or undefined. */
  getRole(roomId: string, who: string): Promise<RoleRecord | undefined>;
  putRole(roomId: string, item: RoleItem): Promise<void>;
  /** The role deleted, if there was one. */
  deleteRole(roomId: string, who: string): Promise<RoleRecord | undefined>;
  /** A page of the room's roles, by skeleton, after `after` ('' for the first). */
  listRoles(
    roomId: string,
    query: { limit: number; after: string },
  ): Promise<{ people: (RoleRecord & { key: string })[]; hasMore: boolean }>;
  /** The private rooms the person has a role in (the index of roles by name: eventually consistent). */
  privateRoomsOf(who: string, limit: number): Promise<RoomOfPerson[]>;
  /**
   * Creates the room with its first roles in one transaction, conditioned on the room's id being free (or its
   * room expired); false when it is taken.
   */
  createRoomWithRoles(
    room: Room,
    expiresAt: number,
    roles: readonly RoleItem[],
    nowSeconds: number,
  ): Promise<boolean>;
  getSanction(roomId: string, who: string): Promise<SanctionRecord | undefined>;
  /** Sets (or, with 0, ends) one kind of sanction; the item lives until the later of the two ends. */
  setSanction(
    roomId: string,
    who: string,
    change: { name: string; kind: 'removal' | 'mute'; until: number; reason?: string },
    nowSeconds: number,
  ): Promise<void>;
  /** The username of the account whose username has this skeleton (its reserved name), or undefined. */
  accountName(who: string): Promise<string | undefined>;
  /** The live rooms among these ids (GET /rooms's private rooms). */
  roomsByIds(roomIds: readonly string[], nowSeconds: number): Promise<Map<string, Room>>;
  /** Records a moderation action, kept `expiresAt` (epoch seconds). */
  audit(roomId: string, entry: ModerationEntry, expiresAt: number): Promise<void>;
  /** A page of the room's log, newest first, before the cursor `before` ('' for the first). */
  auditLog(
    roomId: string,
    query: { limit: number; before: string },
    nowSeconds: number,
  ): Promise<{ entries: (ModerationEntry & { cursor: string })[]; hasMore: boolean }>;
}

export interface AccessDeps {
  rooms: RoomStore;
  access: RoomAccessStore;
  /** The deployment's admins, by skeleton (ADMINS, read once at cold start). */
  admins: ReadonlySet<string>;
  /** The same, as ADMINS spells them (GET …/roles lists them). */
  adminNames: readonly string[];
}

/** The key of a person in a room's roles and sanctions. */
export function personKey(name: string): string {
  return canonicalName(name);
}

/** ADMINS (`ada,grace`) → their skeletons. */
export function parseAdmins(raw: string): Set<string> {
  return new Set(
    raw
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '')
      .map(personKey),
  );
}

export function isPrivate(room: Room): boolean {
  return room.visibility === 'private';
}

export function isAdmin(deps: Pick<AccessDeps, 'admins'>, viewer: Viewer | undefined): boolean {
  return viewer?.kind === 'account' && deps.admins.has(personKey(viewer.name));
}

/** The viewer's live role in the room (accounts only; one GetItem), or undefined. */
export async function roleOf(
  deps: Pick<AccessDeps, 'access'>,
  room: Room,
  viewer: Viewer | undefined,
): Promise<Role | undefined> {
  if (viewer?.kind !== 'account' || room.roomId === LOBBY_ROOM_ID) return undefined;
  const record = await deps.access.getRole(room.roomId, personKey(viewer.name));
  return record && record.roomCreatedAt === room.createdAt ? record.role : undefined;
}

export function roomNotFound(roomId: string): ChatError {
  return new ChatError('room_not_found', `There is no room "${roomId}"`);
}

/**
 * The room, if the viewer may see it: any public room (no read beyond requireRoom's, which an instance caches);
 * a private one only for a member (one GetItem of the role). Everyone else gets the 404 of a missing room.
 */
export async function requireVisibleRoom(
  deps: Pick<AccessDeps, 'rooms' | 'access'>,
  roomId: unknown,
  viewer: Viewer | undefined,
): Promise<{ room: Room; role: Role | undefined }> {
  const room = await requireRoom(deps.rooms, roomId);
  if (!isPrivate(room)) return { room, role: undefined };
  const role = await roleOf(deps, room, viewer);
  if (!role) throw roomNotFound(room.roomId);
  return { room, role };
}

/** Whether the viewer moderates the room: its owner or a moderator, or an admin where admins moderate. */
export function moderates(
  deps: Pick<AccessDeps, 'admins'>,
  room: Room,
  viewer: Viewer,
  role: Role | undefined,
) {
  if (role === 'owner' || role === 'moderator') return true;
  return !isPrivate(room) && isAdmin(deps, viewer);
}

/** The room and the viewer's role, or 404 (not visible) / 403 (visible but not theirs to moderate). */
export async function requireModerator(
  deps: AccessDeps,
  roomId: unknown,
  viewer: Viewer,
): Promise<{ room: Room; role: Role | undefined }> {
  const found = await requireVisibleRoom(deps, roomId, viewer);
  const role = found.role ?? (isPrivate(found.room) ? undefined : await roleOf(deps, found.room, viewer));
  if (!moderates(deps, found.room, viewer, role)) {
    throw new ChatError('forbidden', `Only the owner or a moderator of "${found.room.roomId}" may do this`);
  }
  return { room: found.room, role };
}

/**
 * May the viewer enter (connect to, join) the room: visible to them, and not removed from it now (one GetItem of
 * the sanction: entering is not the message path). Answers 403 `removed` with `until` while a removal holds.
 */
export async function requireEntry(
  deps: Pick<AccessDeps, 'rooms' | 'access'>,
  roomId: unknown,
  viewer: Viewer,
  nowMs: number,
): Promise<Room> {
  const { room } = await requireVisibleRoom(deps, roomId, viewer);
  // Nobody is kept out of the lobby: it is where removed sockets go.
  if (room.roomId === LOBBY_ROOM_ID) return room;
  const sanction = await deps.access.getSanction(room.roomId, personKey(viewer.name));
  const refusal = sanctionRefusal(sanction, Math.floor(nowMs / 1000), 'enter');
  if (refusal) throw refusal;
  return room;
}

/** The error a sanction in force answers with, if any: a removal first (it also stops posting), then a mute. */
export function sanctionRefusal(
  sanction: SanctionRecord | undefined,
  nowSeconds: number,
  what: 'enter' | 'post',
): ChatError | undefined {
  if (!sanction) return undefined;
  if ((sanction.removeUntil ?? 0) > nowSeconds) {
    const until = isoSeconds(sanction.removeUntil ?? 0);
    return new ChatError(
      'removed',
      `A moderator removed you from this room until ${until}${sanction.reason ? ` (${sanction.reason})` : ''}: you cannot ${what === 'enter' ? 'join it' : 'post there'} until then`,
      until,
    );
  }
  if (what === 'post' && (sanction.muteUntil ?? 0) > nowSeconds) {
    const until = isoSeconds(sanction.muteUntil ?? 0);
    return new ChatError(
      'muted',
      `A moderator muted you in this room until ${until}: you can read it, but not post there until then`,
      until,
    );
  }
  return undefined;
}

export function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString();
}

/**
 * What a message's write must find true, checked by the write itself (adapters/message-table.ts turns it into the
 * condition checks of one TransactWriteItems with the message's Put): the sender is neither removed from nor muted
 * in the room, and in a private room still a member. No read is added to the message path: the checks ride on
 * the write (see postMessage for the cost).
 */
export interface PostGuard {
  roomId: string;
  /** The sender's skeleton (personKey). */
  who: string;
  nowSeconds: number;
  /** A private room: the sender's role must be of the room made at this time. */
  memberOf?: { roomCreatedAt: string };
}

/** A guarded write was refused: which check failed. */
export class PostRefused extends Error {
  override readonly name = 'PostRefused';
  constructor(readonly check: 'sanction' | 'membership') {
    super(`the message's ${check} check failed`);
  }
}
