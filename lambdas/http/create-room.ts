import { HOUR_MS, quotaFromEnv } from '../adapters/count-limit';
import { systemClock, tableFromEnv, tokenKeyFromEnv } from '../adapters/from-env';
import { GuestNameTable } from '../adapters/guest-name-table';
import { makeCreateRoomHandler } from './create-room.handler';

/** CreateRoom's entry: its adapters, built once per cold start from its bindings and config. */
const { rooms, access } = tableFromEnv('rooms', 'access');
export const handler = makeCreateRoomHandler({
  rooms,
  roomsPerHour: {
    guest: quotaFromEnv(access, 'LIMIT_ROOMS_PER_HOUR_GUEST', HOUR_MS),
    account: quotaFromEnv(access, 'LIMIT_ROOMS_PER_HOUR_ACCOUNT', HOUR_MS),
  },
  tokenKey: tokenKeyFromEnv(),
  names: new GuestNameTable(access.doc, access.tableName),
  clock: systemClock,
});
