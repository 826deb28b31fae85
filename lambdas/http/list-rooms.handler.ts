import type { RoomStore } from '../core/ports';
import { listRooms } from '../core/rooms';
import { httpHandler } from './http-handler';

/** GET /rooms → {"rooms":[…]}, lobby first. */
export function makeListRoomsHandler(deps: { rooms: RoomStore }) {
  return httpHandler(async () => ({ status: 200, body: { rooms: await listRooms(deps.rooms) } }));
}
