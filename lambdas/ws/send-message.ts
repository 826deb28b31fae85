import { busFromEnv, fanOutPagesFromEnv } from '../adapters/bus-from-env';
import { messageTtlSecondsFromEnv, systemClock } from '../adapters/from-env';
import { messageRateFromEnv } from '../adapters/message-rate';
import { RoomAccessTable } from '../adapters/room-access-table';
import { socketsFromEnv } from '../adapters/sockets-from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeSendMessageHandler } from './send-message.handler';

const { access, ...views } = tableFromEnv('messages', 'rooms', 'connections', 'access');

/** WsSendMessage's entry: its adapters, built once per cold start from its bindings and config. */
export const handler = makeSendMessageHandler({
  ...views,
  records: views.messages,
  rateLimiter: messageRateFromEnv(access),
  access: new RoomAccessTable(access.doc, access.tableName),
  sockets: socketsFromEnv(),
  bus: busFromEnv(),
  clock: systemClock,
  messageTtlSeconds: messageTtlSecondsFromEnv(),
  fanOutPages: fanOutPagesFromEnv(),
});
