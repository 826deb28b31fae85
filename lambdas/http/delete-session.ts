import { positiveNumberEnv } from '../adapters/config';
import { systemClock } from '../adapters/from-env';
import { GuestNameTable } from '../adapters/guest-name-table';
import { identityCheckFromEnv } from '../adapters/identity-check-from-env';
import { RevokedSignInTable } from '../adapters/revoked-sign-in-table';
import { SessionSocketTable } from '../adapters/session-socket-table';
import { socketsFromEnv } from '../adapters/sockets-from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeDeleteSessionHandler } from './delete-session.handler';

const { access, connections } = tableFromEnv('access', 'connections');

/** DeleteSession's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeDeleteSessionHandler({
  identityCheck: identityCheckFromEnv(access),
  names: new GuestNameTable(access.doc, access.tableName),
  revoked: new RevokedSignInTable(access.doc, access.tableName),
  signInMaxSeconds: positiveNumberEnv('ACCOUNT_SIGN_IN_MAX_SECONDS'),
  sessionSockets: new SessionSocketTable(access.doc, access.tableName),
  closer: socketsFromEnv(),
  forgetConnection: (connectionId) => connections.deleteConnection(connectionId),
  clock: systemClock,
});
