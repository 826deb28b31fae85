import { socketsFromEnv, systemClock, tableFromEnv } from '../adapters/from-env';
import { typing } from '../core/presence';
import { frameHandler } from './respond';

const table = tableFromEnv();
const sockets = socketsFromEnv();
const deps = { rooms: table.rooms, connections: table.connections, sockets, clock: systemClock };

/** `typing {roomId}`: tells the others in the room who is typing. */
export const handler = frameHandler(sockets, async ({ connectionId, name, frame }) => {
  await typing(deps, { connectionId, name, roomId: frame.roomId });
});
