import { positiveNumberEnv } from '../adapters/config';
import { systemClock } from '../adapters/from-env';
import { socketsFromEnv } from '../adapters/sockets-from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeTypingHandler } from './typing.handler';

const { connections } = tableFromEnv('connections');

/** WsTyping's entry: its adapters and limit, built once per cold start from its bindings and config. */
export const handler = makeTypingHandler({
  connections,
  typingGate: connections,
  typingIntervalMs: positiveNumberEnv('LIMIT_TYPING_INTERVAL_MS'),
  sockets: socketsFromEnv(),
  clock: systemClock,
});
