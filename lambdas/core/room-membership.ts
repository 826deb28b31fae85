import { createHash } from 'node:crypto';
import {
  AccessPageQuerySchema,
  GrantedRoleSchema,
  type RoomPerson,
  type RoomRoles,
  type Visibility,
  VisibilitySchema,
} from '../contract/access';
import { NameSchema } from '../contract/fields';
import { LOBBY_ROOM_ID, limits } from '../contract/limits';
import type { RoomSummary } from '../contract/resources';
import { ChatError } from './errors';
import { type Identity, identityKey } from './identity';
import { type AuditDeps, record } from './moderation-log';
import { type Quota, takeOrRefuse } from './quota';
import {
  type AccessDeps,
  isAdmin,
  isPrivate,
  personKey,
  type RoleItem,
  requireModerator,
  requireVisibleRoom,
  type Viewer,
} from './room-access';
import { type EvictionDeps, evict } from './room-eviction';
import { createRoom, roomExpiry } from './rooms';
import type { Room } from './types';
import { slugify, validate, validateRoomName } from './validation';

/** Direct messages' ids start so; no room name may make one (createRoom refuses it). */
const DM_PREFIX = 'dm-';

export type MembershipDeps = AccessDeps & AuditDeps & EvictionDeps;

/**
 * Creates a room (POST /rooms). An account's room is its own: its creator is recorded as `owner` (the room and
 * the owner's role in one transaction). A guest's public room has no owner (a guest's name is not theirs for
 * good); a guest may not create a private room (403). Ids starting "dm-" are kept for direct messages.
 */
export async function createRoomAs(
  deps: Pick<AccessDeps, 'rooms' | 'access'>,
  rawName: unknown,
  rawVisibility: unknown,
  creator: Identity,
  nowMs: number,
): Promise<Room> {
  const visibility = parseVisibility(rawVisibility);
  const name = validateRoomName(rawName);
  if (visibility === 'private' && creator.kind !== 'account') {
    throw new ChatError('forbidden', 'Only accounts can have private rooms: sign in with an account');
  }
  if (creator.kind !== 'account') return createRoom(deps.rooms, name, creator.id, nowMs);
  const createdAt = new Date(nowMs).toISOString();
  const room: Room = {
    roomId: requireRoomSlug(name),
    name,
    createdAt,
    createdBy: creator.id,
    visibility,
    kind: 'room',
    owner: creator.id,
  };
  const owner: RoleItem = {
    key: personKey(creator.id),
    name: creator.id,
    role: 'owner',
    addedBy: creator.id,
    addedAt: createdAt,
    roomCreatedAt: createdAt,
    kind: 'room',
    visibility,
  };
  const nowSeconds = Math.floor(nowMs / 1000);
  if (!(await deps.access.createRoomWithRoles(room, roomExpiry(nowMs), [owner], nowSeconds))) {
    throw new ChatError('room_exists', `A room "${room.roomId}" exists already`);
  }
  return room;
}

/** `visibility` of POST /rooms: absent is public. */
export function parseVisibility(raw: unknown): Visibility {
  return raw === undefined || raw === null ? 'public' : validate(VisibilitySchema, raw);
}

/** A room name's slug, refused when it is the lobby's or a direct message's kind of id. */
export function requireRoomSlug(name: string): string {
  const roomId = slugify(name);
  if (roomId === LOBBY_ROOM_ID) throw new ChatError('room_exists', `A room "${roomId}" exists already`);
  if (roomId.startsWith(DM_PREFIX)) {
    throw new ChatError(
      'invalid_room',
      `Room ids starting "${DM_PREFIX}" are kept for direct messages: choose another name`,
    );
  }
  return roomId;
}

/** An account by name, or 404 `account_not_found` (a guest's name included: guests hold no roles). */
async function requireAccount(deps: Pick<AccessDeps, 'access'>, rawName: unknown): Promise<string> {
  const name = validate(NameSchema, rawName);
  const username = await deps.access.accountName(personKey(name));
  if (!username) {
    throw new ChatError(
      'account_not_found',
      `No account is named "${name}": only accounts can be members (guests cannot)`,
    );
  }
  return username;
}

/**
 * PUT /rooms/{roomId}/members/{name} {role?}: gives an account a role. A private room: owners and moderators add
 * members, only the owner makes moderators. A public room: only moderators mean anything, which the owner (or an
 * admin) makes. The owner's own role never changes.
 */
export async function putMember(
  deps: MembershipDeps,
  input: { roomId: unknown; name: unknown; role: unknown; actor: Viewer },
  nowMs: number,
): Promise<RoomPerson> {
  const { room, role: actorRole } = await requireModerator(deps, input.roomId, input.actor);
  const username = await requireAccount(deps, input.name);
  const role =
    input.role === undefined || input.role === null
      ? isPrivate(room)
        ? 'member'
        : 'moderator'
      : validate(GrantedRoleSchema, input.role);
  if (!isPrivate(room) && role === 'member') {
    throw new ChatError(
      'invalid_request',
      'A public room has no member list: anyone may read it (give "moderator")',
    );
  }
  if (room.kind === 'dm')
    throw new ChatError('invalid_request', 'A direct message is between its two people alone');
  const mayMakeModerators = actorRole === 'owner' || (!isPrivate(room) && isAdmin(deps, input.actor));
  if (role === 'moderator' && !mayMakeModerators) {
    throw new ChatError('forbidden', 'Only the room’s owner may make moderators');
  }
  const key = personKey(username);
  const current = await deps.access.getRole(room.roomId, key);
  const live = current && current.roomCreatedAt === room.createdAt ? current : undefined;
  if (live?.role === 'owner') throw new ChatError('invalid_request', 'The owner’s role does not change');
  if (live?.role === 'moderator' && role === 'member' && !mayMakeModerators) {
    throw new ChatError('forbidden', 'Only the room’s owner may take a moderator’s role away');
  }
  if (live?.role === role)
    return { name: live.name, role: live.role, addedBy: live.addedBy, addedAt: live.addedAt };
  const addedAt = new Date(nowMs).toISOString();
  const item: RoleItem = {
    key,
    name: username,
    role,
    addedBy: input.actor.name,
    addedAt,
    roomCreatedAt: room.createdAt,
    kind: room.kind ?? 'room',
    visibility: isPrivate(room) ? 'private' : 'public',
  };
  await deps.access.putRole(room.roomId, item);
  await record(
    deps,
    room.roomId,
    { at: addedAt, actor: input.actor.name, action: 'addMember', target: username, role },
    nowMs,
  );
  return { name: username, role, addedBy: input.actor.name, addedAt };
}

/**
 * DELETE /rooms/{roomId}/members/{name}: takes the role away. Anyone may take their own (leave), but the owner;
 * owners take anyone's, moderators only members'. A private room's member who goes is told on each of their sockets
 * in it (`removed`) and moved to the lobby.
 */
export async function deleteMember(
  deps: MembershipDeps,
  input: { roomId: unknown; name: unknown; actor: Viewer },
  nowMs: number,
): Promise<void> {
  const name = validate(NameSchema, input.name);
  const key = personKey(name);
  const self = input.actor.kind === 'account' && key === personKey(input.actor.name);
  const { room, role: actorRole } = self
    ? await requireVisibleRoom(deps, input.roomId, input.actor)
    : await requireModerator(deps, input.roomId, input.actor);
  const current = await deps.access.getRole(room.roomId, key);
  const target = current && current.roomCreatedAt === room.createdAt ? current : undefined;
  if (target?.role === 'owner') {
    throw new ChatError(
      'forbidden',
      self ? 'The owner cannot leave their room' : 'Nobody can take the owner’s role',
    );
  }
  if (
    !self &&
    target?.role === 'moderator' &&
    actorRole !== 'owner' &&
    !(isAdmin(deps, input.actor) && !isPrivate(room))
  ) {
    throw new ChatError('forbidden', 'Only the room’s owner may take a moderator’s role away');
  }
  if (!target && !self) return;
  if (target) await deps.access.deleteRole(room.roomId, key);
  const at = new Date(nowMs).toISOString();
  const targetName = target?.name ?? name;
  await record(
    deps,
    room.roomId,
    self
      ? { at, actor: input.actor.name, action: 'leave' }
      : { at, actor: input.actor.name, action: 'removeMember', target: targetName },
    nowMs,
  );
  if (isPrivate(room))
    await evict(deps, room.roomId, targetName, self ? 'left' : 'membership ended', undefined, nowMs);
}

/** GET /rooms/{roomId}/roles: who has a role (a private room's only for its members), and the admins where they moderate. */
export async function listRoles(
  deps: AccessDeps,
  input: { roomId: unknown; query: Record<string, string | undefined>; viewer: Viewer | undefined },
): Promise<RoomRoles> {
  const query = validate(AccessPageQuerySchema, input.query);
  const limit = query.limit ? Number(query.limit) : limits.moderation.page.default;
  const { room } = await requireVisibleRoom(deps, input.roomId, input.viewer);
  const after = query.next ? decodeCursor(query.next) : '';
  const page =
    room.roomId === LOBBY_ROOM_ID
      ? { people: [], hasMore: false }
      : await deps.access.listRoles(room.roomId, { limit, after });
  const people = page.people
    .filter((p) => p.roomCreatedAt === room.createdAt)
    .map(({ name, role, addedBy, addedAt }) => ({ name, role, addedBy, addedAt }));
  const last = page.people.at(-1);
  return {
    roomId: room.roomId,
    visibility: isPrivate(room) ? 'private' : 'public',
    people,
    admins: isPrivate(room) ? [] : [...deps.adminNames],
    next: page.hasMore && last ? encodeCursor(last.key) : null,
  };
}

function encodeCursor(key: string): string {
  return Buffer.from(`roles:${key}`).toString('base64url');
}

function decodeCursor(raw: string): string {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  if (!text.startsWith('roles:'))
    throw new ChatError('invalid_cursor', 'next must be the cursor of an earlier page');
  return text.slice('roles:'.length);
}

/**
 * POST /dms {name}: the private room of exactly these two accounts. Its id follows from their two skeletons in
 * order (sha-256, 24 hex digits), so either asking again finds the same room: one conditional write (the room and
 * both roles in one transaction) makes it, and when it exists already the room is read and returned (200).
 */
export async function openDm(
  deps: Pick<AccessDeps, 'rooms' | 'access'> & {
    /** A new direct message counts as a room of the opener's (LIMIT_ROOMS_PER_HOUR_ACCOUNT): no flood of them. */
    roomsPerHour?: Quota;
  },
  input: { name: unknown; actor: Viewer },
  nowMs: number,
): Promise<{ room: RoomSummary; created: boolean }> {
  if (input.actor.kind !== 'account') {
    throw new ChatError('forbidden', 'Direct messages are between accounts: sign in with an account');
  }
  const other = await requireAccount(deps, input.name);
  const me = input.actor.name;
  if (personKey(other) === personKey(me))
    throw new ChatError('invalid_request', 'A direct message needs someone else');
  const roomId = dmRoomId(me, other);
  const summaryFor = (room: Room): RoomSummary => ({ ...room, role: 'member', dmWith: other });
  const existing = await deps.rooms.getRoom(roomId);
  if (existing) return { room: summaryFor(existing), created: false };
  if (deps.roomsPerHour) {
    await takeOrRefuse(
      deps.roomsPerHour,
      identityKey('rooms', { kind: 'account', id: me }),
      nowMs,
      `You can open at most ${deps.roomsPerHour.count} rooms or direct messages an hour: try again later`,
    );
  }
  const createdAt = new Date(nowMs).toISOString();
  const room: Room = {
    roomId,
    name: `${me} & ${other}`.slice(0, limits.roomName.maxLength),
    createdAt,
    createdBy: me,
    visibility: 'private',
    kind: 'dm',
  };
  const role = (name: string, dmWith: string): RoleItem => ({
    key: personKey(name),
    name,
    role: 'member',
    addedBy: me,
    addedAt: createdAt,
    roomCreatedAt: createdAt,
    kind: 'dm',
    visibility: 'private',
    dmWith,
  });
  if (
    await deps.access.createRoomWithRoles(
      room,
      roomExpiry(nowMs),
      [role(me, other), role(other, me)],
      Math.floor(nowMs / 1000),
    )
  ) {
    return { room: summaryFor(room), created: true };
  }
  // The other person opened it a moment ago.
  const raced = await deps.rooms.getRoom(roomId);
  if (!raced) throw new Error(`direct message ${roomId} was taken but cannot be read`);
  return { room: summaryFor(raced), created: false };
}

export function dmRoomId(a: string, b: string): string {
  const [first, second] = [personKey(a), personKey(b)].sort();
  return `${DM_PREFIX}${createHash('sha256').update(`${first}\n${second}`).digest('hex').slice(0, 24)}`;
}

/**
 * GET /rooms with a token: the person's private rooms and direct messages (one Query of the index of their roles,
 * then one BatchGetItem of the rooms: a room expired or made again under the same id is left out), by name.
 */
export async function privateRoomsFor(
  deps: Pick<AccessDeps, 'access'>,
  viewer: Viewer,
  nowMs: number,
): Promise<RoomSummary[]> {
  if (viewer.kind !== 'account') return [];
  const mine = await deps.access.privateRoomsOf(personKey(viewer.name), limits.moderation.privateRoomsListed);
  if (mine.length === 0) return [];
  const rooms = await deps.access.roomsByIds(
    mine.map((r) => r.roomId),
    Math.floor(nowMs / 1000),
  );
  const listed: RoomSummary[] = [];
  for (const entry of mine) {
    const room = rooms.get(entry.roomId);
    if (!room || room.createdAt !== entry.roomCreatedAt) continue;
    listed.push({ ...room, role: entry.role, ...(entry.dmWith ? { dmWith: entry.dmWith } : {}) });
  }
  return listed.sort((a, b) => a.name.localeCompare(b.name));
}
