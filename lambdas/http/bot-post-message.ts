import { busFromEnv, fanOutPagesFromEnv } from '../adapters/bus-from-env';
import { messageTtlSecondsFromEnv, systemClock } from '../adapters/from-env';
import { socketsFromEnv } from '../adapters/sockets-from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeBotPostMessageHandler } from './bot-post-message.handler';

/** BotPostMessage's entry: its adapters, built once per cold start from its bindings and config. */
export const handler = makeBotPostMessageHandler({
  ...tableFromEnv('messages', 'rooms', 'connections'),
  sockets: socketsFromEnv(),
  bus: busFromEnv(),
  clock: systemClock,
  messageTtlSeconds: messageTtlSecondsFromEnv(),
  fanOutPages: fanOutPagesFromEnv(),
});
