import { systemClock, tableFromEnv, tokenKeyFromEnv } from '../adapters/from-env';
import { makeCreateRoomHandler } from './create-room.handler';

/** CreateRoom's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeCreateRoomHandler({
  ...tableFromEnv('rooms'),
  tokenKey: tokenKeyFromEnv(),
  clock: systemClock,
});
