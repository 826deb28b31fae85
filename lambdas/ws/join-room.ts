import { busFromEnv, socketsFromEnv, systemClock, tableFromEnv } from '../adapters/from-env';
import { joinRoom } from '../core/presence';
import { frameHandler } from './respond';

const table = tableFromEnv();
const sockets = socketsFromEnv();
const deps = {
  rooms: table.rooms,
  connections: table.connections,
  sockets,
  bus: busFromEnv(),
  clock: systemClock,
};

/** `joinRoom {roomId}`: moves this socket to another room; both rooms get `presence`. */
export const handler = frameHandler(sockets, async ({ connectionId, name, frame }) => {
  await joinRoom(deps, { connectionId, name, roomId: frame.roomId });
});
