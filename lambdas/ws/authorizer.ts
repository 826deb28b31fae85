import { systemClock } from '../adapters/from-env';
import { identityCheckFromEnv } from '../adapters/identity-check-from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeAuthorizerHandler } from './authorizer.handler';

/** WsAuthorizer's entry: its adapters, built once per cold start from its bindings. */
const { access } = tableFromEnv('access');
export const handler = makeAuthorizerHandler({
  identityCheck: identityCheckFromEnv(access),
  clock: systemClock,
});
