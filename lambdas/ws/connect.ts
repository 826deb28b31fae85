import { busFromEnv } from '../adapters/bus-from-env';
import { positiveNumberEnv } from '../adapters/config';
import { systemClock } from '../adapters/from-env';
import { RoomAccessTable } from '../adapters/room-access-table';
import { sessionLivenessOn } from '../adapters/session-liveness';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeConnectHandler } from './connect.handler';

const { access, ...table } = tableFromEnv('rooms', 'connections', 'access');

/** WsConnect's entry: its adapters and limits, built once per cold start from its bindings and config. */
export const handler = makeConnectHandler({
  ...table,
  socketSlots: table.connections.slots,
  socketsPerIdentity: {
    account: positiveNumberEnv('LIMIT_SOCKETS_PER_IDENTITY_ACCOUNT'),
    guest: positiveNumberEnv('LIMIT_SOCKETS_PER_IDENTITY_GUEST'),
  },
  liveness: sessionLivenessOn(access),
  access: new RoomAccessTable(access.doc, access.tableName),
  bus: busFromEnv(),
  clock: systemClock,
});
