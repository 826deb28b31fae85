import { systemClock } from '../adapters/from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeDisconnectHandler } from './disconnect.handler';

/** WsDisconnect's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeDisconnectHandler({
  ...tableFromEnv('connections'),
  clock: systemClock,
});
