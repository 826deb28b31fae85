import {
  busFromEnv,
  messageTtlSecondsFromEnv,
  socketsFromEnv,
  systemClock,
  tableFromEnv,
} from '../adapters/from-env';
import { makeSendMessageHandler } from './send-message.handler';

/** WsSendMessage's entry: its adapters, built once per cold start from its bindings and config. */
export const handler = makeSendMessageHandler({
  ...tableFromEnv('messages', 'rooms', 'connections', 'rateLimiter'),
  sockets: socketsFromEnv(),
  bus: busFromEnv(),
  clock: systemClock,
  messageTtlSeconds: messageTtlSecondsFromEnv(),
});
