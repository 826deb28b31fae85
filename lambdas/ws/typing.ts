import { socketsFromEnv, systemClock, tableFromEnv } from '../adapters/from-env';
import { makeTypingHandler } from './typing.handler';

/** WsTyping's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeTypingHandler({
  ...tableFromEnv('rooms', 'connections'),
  sockets: socketsFromEnv(),
  clock: systemClock,
});
