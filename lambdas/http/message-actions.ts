import { identityCheckFromEnv } from '../adapters/identity-check-from-env';
import { messageActionDepsFromEnv } from '../adapters/message-actions-from-env';
import { makeMessageActionsHandler } from './message-actions.handler';
import { bearerAuthenticate } from './person';

/** MessageActions' entry: its adapters, built once per cold start from its bindings and config. */
const { access, deps } = messageActionDepsFromEnv();
export const handler = makeMessageActionsHandler({
  ...deps,
  authenticate: bearerAuthenticate(identityCheckFromEnv(access)),
});
