import { adminsFromEnv } from '../adapters/admins-from-env';
import { socketsFromEnv, systemClock, tableFromEnv } from '../adapters/from-env';
import { identityCheckFromEnv } from '../adapters/identity-check-from-env';
import { RoomAccessTable } from '../adapters/room-access-table';
import { bearerAuthenticate } from './person';
import { makeRoomAccessHandler } from './room-access.handler';

/** RoomAccess' entry: its adapters and the deployment's admins, built once per cold start. */
const { access, rooms, connections } = tableFromEnv('rooms', 'connections', 'access');
export const handler = makeRoomAccessHandler({
  rooms,
  connections,
  access: new RoomAccessTable(access.doc, access.tableName),
  ...adminsFromEnv(),
  authenticate: bearerAuthenticate(identityCheckFromEnv(access)),
  sockets: socketsFromEnv(),
  clock: systemClock,
});
