import { systemClock, tableFromEnv, tokenKeyFromEnv } from '../adapters/from-env';
import { GuestNameTable } from '../adapters/guest-name-table';
import { makeAuthorizerHandler } from './authorizer.handler';

/** WsAuthorizer's entry: its adapters, built once per cold start from its bindings. */
const { access } = tableFromEnv('access');
export const handler = makeAuthorizerHandler({
  tokenKey: tokenKeyFromEnv(),
  names: new GuestNameTable(access.doc, access.tableName),
  clock: systemClock,
});
