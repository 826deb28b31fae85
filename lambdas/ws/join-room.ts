import { busFromEnv, socketsFromEnv, systemClock, tableFromEnv } from '../adapters/from-env';
import { makeJoinRoomHandler } from './join-room.handler';

/** WsJoinRoom's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeJoinRoomHandler({
  ...tableFromEnv('rooms', 'connections'),
  sockets: socketsFromEnv(),
  bus: busFromEnv(),
  clock: systemClock,
});
