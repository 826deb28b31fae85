import { LOBBY_ROOM_ID, limits } from '../contract/limits';
import { ChatError } from './errors';
import type { RoomStore } from './ports';
import { decodeRoomCursor, encodeRoomCursor } from './room-cursor';
import type { Room } from './types';
import { slugify, validateRoomId, validateRoomName } from './validation';

/** `lobby` always exists: it is not stored, so no deploy step or data loss can remove it. */
export const LOBBY: Room = {
  roomId: LOBBY_ROOM_ID,
  name: 'Lobby',
  createdAt: '1970-01-01T00:00:00.000Z',
  createdBy: 'chatty',
};

/** A room lives this long after its last message (or its creation); the lobby is not stored and never expires. */
export const ROOM_IDLE_SECONDS = limits.roomIdleDays * 24 * 60 * 60;
/**
 * A message pushes its room's expiry out only when the stored one is more than this short of a full
 * ROOM_IDLE_SECONDS, so a busy room costs one table write a day rather than one per message.
 */
export const ROOM_EXPIRY_SLACK_SECONDS = 24 * 60 * 60;

/** The TTL (epoch seconds) of a room active at `nowMs`. */
export function roomExpiry(nowMs: number): number {
  return Math.floor(nowMs / 1000) + ROOM_IDLE_SECONDS;
}

/** A message was posted: the room lives another ROOM_IDLE_SECONDS (see RoomStore.keepAlive for the cost). */
export async function keepRoomAlive(rooms: RoomStore, roomId: string, nowMs: number): Promise<void> {
  if (roomId === LOBBY.roomId) return;
  await rooms.keepAlive(roomId, roomExpiry(nowMs), ROOM_EXPIRY_SLACK_SECONDS);
}

export interface RoomListRequest {
  limit?: string;
  /** The `next` of the page before. */
  next?: string;
}

/**
 * GET /rooms: a page of at most `limit` rooms by id, the lobby opening the first page; `next` (opaque) continues
 * after the page's last room, null at the end. API Gateway passes `?next=` as '': the same as no cursor.
 */
export async function listRooms(
  rooms: RoomStore,
  request: RoomListRequest = {},
): Promise<{ rooms: Room[]; next: string | null }> {
  const limit = parseRoomLimit(request.limit);
  const after = request.next ? decodeRoomCursor(request.next) : undefined;
  const first = after === undefined;
  const page = await rooms.listRooms({ limit: first ? limit - 1 : limit, after: after ?? '' });
  const stored = page.rooms.filter((r) => r.roomId !== LOBBY.roomId);
  const last = stored.at(-1)?.roomId ?? after ?? '';
  return {
    rooms: first ? [LOBBY, ...stored] : stored,
    next: page.hasMore ? encodeRoomCursor(last) : null,
  };
}

function parseRoomLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return limits.roomPage.default;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > limits.roomPage.max) {
    throw new ChatError('invalid_request', `limit must be a whole number from 1 to ${limits.roomPage.max}`);
  }
  return limit;
}

/** Returns the room or throws `room_not_found` (or `invalid_room` for a malformed id). */
export async function requireRoom(rooms: RoomStore, roomId: unknown): Promise<Room> {
  const id = validateRoomId(roomId);
  if (id === LOBBY.roomId) return LOBBY;
  const room = await rooms.getRoom(id);
  if (!room) throw new ChatError('room_not_found', `There is no room "${id}"`);
  return room;
}

/** Direct messages' ids (core/room-membership.ts): no room's name may make one. */
const DM_ID_PREFIX = 'dm-';

/** A guest's room: public, with no owner (an account's is made by core/room-membership.ts `createRoomAs`). */
export async function createRoom(
  rooms: RoomStore,
  rawName: unknown,
  createdBy: string,
  nowMs: number,
): Promise<Room> {
  const name = validateRoomName(rawName);
  const room: Room = {
    roomId: slugify(name),
    name,
    createdAt: new Date(nowMs).toISOString(),
    createdBy,
    visibility: 'public',
    kind: 'room',
  };
  if (room.roomId.startsWith(DM_ID_PREFIX)) {
    throw new ChatError(
      'invalid_room',
      `Room ids starting "${DM_ID_PREFIX}" are kept for direct messages: choose another name`,
    );
  }
  if (room.roomId === LOBBY.roomId || !(await rooms.createRoom(room, roomExpiry(nowMs)))) {
    throw new ChatError('room_exists', `A room "${room.roomId}" exists already`);
  }
  return room;
}
