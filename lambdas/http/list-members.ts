import { systemClock, tableFromEnv } from '../adapters/from-env';
import { roomMembers } from '../core/presence';
import { requireRoom } from '../core/rooms';
import { httpHandler } from './respond';

const table = tableFromEnv();

/** GET /rooms/{roomId}/members → {"roomId","members":[names]}: who is connected now. */
export const handler = httpHandler(async (event) => {
  const room = await requireRoom(table.rooms, event.pathParameters?.roomId);
  const members = await roomMembers(table.connections, room.roomId, systemClock.now());
  return { status: 200, body: { roomId: room.roomId, members } };
});
