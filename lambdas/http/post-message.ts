import {
  busFromEnv,
  messageTtlSecondsFromEnv,
  socketsFromEnv,
  systemClock,
  tableFromEnv,
  tokenKeyFromEnv,
} from '../adapters/from-env';
import { makePostMessageHandler } from './post-message.handler';

/** PostMessage's entry: its adapters, built once per cold start from its bindings and config. */
export const handler = makePostMessageHandler({
  ...tableFromEnv('messages', 'rooms', 'connections', 'rateLimiter'),
  sockets: socketsFromEnv(),
  bus: busFromEnv(),
  tokenKey: tokenKeyFromEnv(),
  clock: systemClock,
  messageTtlSeconds: messageTtlSecondsFromEnv(),
});
