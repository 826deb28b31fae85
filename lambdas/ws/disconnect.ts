import { socketsFromEnv, systemClock, tableFromEnv } from '../adapters/from-env';
import { makeDisconnectHandler } from './disconnect.handler';

/** WsDisconnect's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeDisconnectHandler({
  ...tableFromEnv('connections'),
  sockets: socketsFromEnv(),
  clock: systemClock,
});
