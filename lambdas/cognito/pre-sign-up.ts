import { AccountNameTable } from '../adapters/account-name-table';
import { positiveNumberEnv } from '../adapters/config';
import { systemClock } from '../adapters/from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makePreSignUpHandler } from './pre-sign-up.handler';

/** PreSignUp's entry: its adapters, built once per cold start from its binding. */
const { access } = tableFromEnv('access');
export const handler = makePreSignUpHandler({
  names: new AccountNameTable(access.doc, access.tableName),
  clock: systemClock,
  pendingSeconds: positiveNumberEnv('ACCOUNT_NAME_PENDING_SECONDS'),
});
