import { LOBBY_ROOM_ID } from '../contract/limits';
import { ChatError } from './errors';
import type { RoomStore } from './ports';
import type { Room } from './types';
import { slugify, validateRoomId, validateRoomName } from './validation';

/** `lobby` always exists: it is not stored, so no deploy step or data loss can remove it. */
export const LOBBY: Room = {
  roomId: LOBBY_ROOM_ID,
  name: 'Lobby',
  createdAt: '1970-01-01T00:00:00.000Z',
  createdBy: 'chatty',
};

export async function listRooms(rooms: RoomStore): Promise<Room[]> {
  const stored = await rooms.listRooms();
  return [
    LOBBY,
    ...stored.filter((r) => r.roomId !== LOBBY.roomId).sort((a, b) => a.name.localeCompare(b.name)),
  ];
}

/** Returns the room or throws `room_not_found` (or `invalid_room` for a malformed id). */
export async function requireRoom(rooms: RoomStore, roomId: unknown): Promise<Room> {
  const id = validateRoomId(roomId);
  if (id === LOBBY.roomId) return LOBBY;
  const room = await rooms.getRoom(id);
  if (!room) throw new ChatError('room_not_found', `There is no room "${id}"`);
  return room;
}

export async function createRoom(
  rooms: RoomStore,
  rawName: unknown,
  createdBy: string,
  nowMs: number,
): Promise<Room> {
  const name = validateRoomName(rawName);
  const room: Room = { roomId: slugify(name), name, createdAt: new Date(nowMs).toISOString(), createdBy };
  if (room.roomId === LOBBY.roomId || !(await rooms.createRoom(room))) {
    throw new ChatError('room_exists', `A room "${room.roomId}" exists already`);
  }
  return room;
}
