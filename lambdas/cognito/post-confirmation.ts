import { AccountNameTable } from '../adapters/account-name-table';
import { systemClock } from '../adapters/from-env';
import { tableFromEnv } from '../adapters/table-from-env';
import { makePostConfirmationHandler } from './post-confirmation.handler';

/** PostConfirmation's entry: its adapters, built once per cold start from its binding. */
const { access } = tableFromEnv('access');
export const handler = makePostConfirmationHandler({
  names: new AccountNameTable(access.doc, access.tableName),
  clock: systemClock,
});
