import { adminsFromEnv } from './admins-from-env';
import { busFromEnv, fanOutPagesFromEnv } from './bus-from-env';
import { messageTtlSecondsFromEnv, systemClock } from './from-env';
import { messageRateFromEnv } from './message-rate';
import { ReadMarkerTable } from './read-marker-table';
import { RoomAccessTable } from './room-access-table';
import { socketsFromEnv } from './sockets-from-env';
import { tableFromEnv } from './table-from-env';

/**
 * What editing, deleting, reacting and read markers need, the same over HTTP (MessageActions) and over the socket
 * (WsMessageActions): one builder, so the two functions cannot drift. Each entry adds how it knows the person (a
 * Bearer token, or the socket's session) from the table `access` view returned beside the deps.
 */
export function messageActionDepsFromEnv() {
  const { access, messages, ...views } = tableFromEnv('messages', 'rooms', 'connections', 'access');
  return {
    access,
    deps: {
      ...views,
      records: messages,
      rateLimiter: messageRateFromEnv(access),
      markers: new ReadMarkerTable(access.doc, access.tableName),
      roomAccess: {
        rooms: views.rooms,
        access: new RoomAccessTable(access.doc, access.tableName),
        ...adminsFromEnv(),
      },
      sockets: socketsFromEnv(),
      bus: busFromEnv(),
      fanOutPages: fanOutPagesFromEnv(),
      clock: systemClock,
      markerTtlSeconds: messageTtlSecondsFromEnv(),
    },
  };
}
