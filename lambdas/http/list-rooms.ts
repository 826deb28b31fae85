import { systemClock } from '../adapters/from-env';
import { identityCheckFromEnv } from '../adapters/identity-check-from-env';
import { ReadMarkerTable } from '../adapters/read-marker-table';
import { RoomAccessTable } from '../adapters/room-access-table';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeListRoomsHandler } from './list-rooms.handler';
import { bearerAuthenticate } from './person';

/** ListRooms' entry: its adapters, built once per cold start from its bindings. */
const { access, rooms, messages } = tableFromEnv('rooms', 'messages', 'access');
export const handler = makeListRoomsHandler({
  rooms,
  records: messages,
  markers: new ReadMarkerTable(access.doc, access.tableName),
  access: new RoomAccessTable(access.doc, access.tableName),
  authenticate: bearerAuthenticate(identityCheckFromEnv(access)),
  clock: systemClock,
});
