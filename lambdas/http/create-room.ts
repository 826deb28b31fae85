import { HOUR_MS, quotaFromEnv } from '../adapters/count-limit';
import { systemClock } from '../adapters/from-env';
import { identityCheckFromEnv } from '../adapters/identity-check-from-env';
import { RoomAccessTable } from '../adapters/room-access-table';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeCreateRoomHandler } from './create-room.handler';

/** CreateRoom's entry: its adapters, built once per cold start from its bindings and config. */
const { rooms, access } = tableFromEnv('rooms', 'access');
export const handler = makeCreateRoomHandler({
  rooms,
  access: new RoomAccessTable(access.doc, access.tableName),
  roomsPerHour: {
    guest: quotaFromEnv(access, 'LIMIT_ROOMS_PER_HOUR_GUEST', HOUR_MS),
    account: quotaFromEnv(access, 'LIMIT_ROOMS_PER_HOUR_ACCOUNT', HOUR_MS),
  },
  identityCheck: identityCheckFromEnv(access),
  clock: systemClock,
});
