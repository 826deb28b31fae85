import {
  busFromEnv,
  messageTtlSecondsFromEnv,
  socketsFromEnv,
  systemClock,
  tableFromEnv,
  tokenKeyFromEnv,
} from '../adapters/from-env';
import { GuestNameTable } from '../adapters/guest-name-table';
import { makePostMessageHandler } from './post-message.handler';

/** PostMessage's entry: its adapters, built once per cold start from its bindings and config. */
const { access, ...views } = tableFromEnv('messages', 'rooms', 'connections', 'rateLimiter', 'access');
export const handler = makePostMessageHandler({
  ...views,
  names: new GuestNameTable(access.doc, access.tableName),
  sockets: socketsFromEnv(),
  bus: busFromEnv(),
  tokenKey: tokenKeyFromEnv(),
  clock: systemClock,
  messageTtlSeconds: messageTtlSecondsFromEnv(),
});
