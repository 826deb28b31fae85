import { busFromEnv } from '../adapters/bus-from-env';
import { positiveNumberEnv } from '../adapters/config';
import { systemClock } from '../adapters/from-env';
import { RateLimitTable } from '../adapters/rate-limit-table';
import { RoomAccessTable } from '../adapters/room-access-table';
import { sessionLivenessOn } from '../adapters/session-liveness';
import { socketsFromEnv } from '../adapters/sockets-from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeJoinRoomHandler } from './join-room.handler';

const { access, ...table } = tableFromEnv('rooms', 'connections', 'members', 'access');
const joinsPerMinute = positiveNumberEnv('LIMIT_JOINS_PER_MINUTE');

/** WsJoinRoom's entry: its adapters and limit, built once per cold start from its bindings and config. */
export const handler = makeJoinRoomHandler({
  ...table,
  // A burst of N joins, then N a minute.
  joinLimiter: new RateLimitTable(access.doc, access.tableName, {
    burst: joinsPerMinute,
    intervalMs: 60_000 / joinsPerMinute,
  }),
  liveness: sessionLivenessOn(access),
  access: new RoomAccessTable(access.doc, access.tableName),
  sockets: socketsFromEnv(),
  bus: busFromEnv(),
  clock: systemClock,
  snapshotNames: positiveNumberEnv('PRESENCE_SNAPSHOT_NAMES'),
});
