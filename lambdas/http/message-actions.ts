import { adminsFromEnv } from '../adapters/admins-from-env';
import { busFromEnv, fanOutPagesFromEnv } from '../adapters/bus-from-env';
import { messageTtlSecondsFromEnv, systemClock } from '../adapters/from-env';
import { identityCheckFromEnv } from '../adapters/identity-check-from-env';
import { messageRateFromEnv } from '../adapters/message-rate';
import { ReadMarkerTable } from '../adapters/read-marker-table';
import { RoomAccessTable } from '../adapters/room-access-table';
import { socketsFromEnv } from '../adapters/sockets-from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeMessageActionsHandler } from './message-actions.handler';
import { bearerAuthenticate } from './person';

/** MessageActions' entry: its adapters, built once per cold start from its bindings and config. */
const { access, messages, ...views } = tableFromEnv('messages', 'rooms', 'connections', 'access');
export const handler = makeMessageActionsHandler({
  ...views,
  records: messages,
  rateLimiter: messageRateFromEnv(access),
  markers: new ReadMarkerTable(access.doc, access.tableName),
  roomAccess: {
    rooms: views.rooms,
    access: new RoomAccessTable(access.doc, access.tableName),
    ...adminsFromEnv(),
  },
  authenticate: bearerAuthenticate(identityCheckFromEnv(access)),
  sockets: socketsFromEnv(),
  bus: busFromEnv(),
  fanOutPages: fanOutPagesFromEnv(),
  clock: systemClock,
  markerTtlSeconds: messageTtlSecondsFromEnv(),
});
