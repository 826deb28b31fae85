import type { RoomStore } from '../core/ports';
import { listRooms } from '../core/rooms';
import { httpHandler } from './http-handler';

/** GET /rooms?limit&next → {"rooms":[…],"next"}, the lobby opening the first page. */
export function makeListRoomsHandler(deps: { rooms: RoomStore }) {
  return httpHandler(async (event) => {
    const query = event.queryStringParameters ?? {};
    return { status: 200, body: await listRooms(deps.rooms, { limit: query.limit, next: query.next }) };
  });
}
