import type { Clock, ConnectionStore, RoomStore } from '../core/ports';
import { roomMembers } from '../core/presence';
import { requireRoom } from '../core/rooms';
import { httpHandler } from './http-handler';

/** GET /rooms/{roomId}/members → {"roomId","members":[names]}: who is connected now. */
export function makeListMembersHandler(deps: {
  rooms: RoomStore;
  connections: ConnectionStore;
  clock: Clock;
}) {
  return httpHandler(async (event) => {
    const room = await requireRoom(deps.rooms, event.pathParameters?.roomId);
    const members = await roomMembers(deps.connections, room.roomId, deps.clock.now());
    return { status: 200, body: { roomId: room.roomId, members } };
  });
}
