import { busFromEnv, socketsFromEnv, systemClock, tableFromEnv } from '../adapters/from-env';
import { makeConnectHandler } from './connect.handler';

/** WsConnect's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeConnectHandler({
  ...tableFromEnv('rooms', 'connections'),
  sockets: socketsFromEnv(),
  bus: busFromEnv(),
  clock: systemClock,
});
