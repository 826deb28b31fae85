import { adminsFromEnv } from '../adapters/admins-from-env';
import { HOUR_MS, quotaFromEnv } from '../adapters/count-limit';
import { systemClock } from '../adapters/from-env';
import { identityCheckFromEnv } from '../adapters/identity-check-from-env';
import { RoomAccessTable } from '../adapters/room-access-table';
import { socketsFromEnv } from '../adapters/sockets-from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { bearerAuthenticate } from './person';
import { makeRoomAccessHandler } from './room-access.handler';

/** RoomAccess' entry: its adapters and the deployment's admins, built once per cold start. */
const { access, rooms, connections } = tableFromEnv('rooms', 'connections', 'access');
export const handler = makeRoomAccessHandler({
  rooms,
  connections,
  access: new RoomAccessTable(access.doc, access.tableName),
  ...adminsFromEnv(),
  roomsPerHour: quotaFromEnv(access, 'LIMIT_ROOMS_PER_HOUR_ACCOUNT', HOUR_MS),
  authenticate: bearerAuthenticate(identityCheckFromEnv(access)),
  sockets: socketsFromEnv(),
  clock: systemClock,
});
