import { socketsFromEnv, systemClock, tableFromEnv, tokenKeyFromEnv } from '../adapters/from-env';
import { GuestNameTable } from '../adapters/guest-name-table';
import { SessionSocketTable } from '../adapters/session-socket-table';
import { makeDeleteSessionHandler } from './delete-session.handler';

const { access, connections } = tableFromEnv('access', 'connections');

/** DeleteSession's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeDeleteSessionHandler({
  tokenKey: tokenKeyFromEnv(),
  names: new GuestNameTable(access.doc, access.tableName),
  sessionSockets: new SessionSocketTable(access.doc, access.tableName),
  closer: socketsFromEnv(),
  forgetConnection: (connectionId) => connections.deleteConnection(connectionId),
  clock: systemClock,
});
