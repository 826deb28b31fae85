import { MINUTE_MS, quotaFromEnv } from '../adapters/count-limit';
import { systemClock } from '../adapters/from-env';
import { GuestNameTable } from '../adapters/guest-name-table';
import { tableFromEnv } from '../adapters/table-from-env';
import { tokenKeyFromEnv } from '../adapters/token-key-from-env';
import { makeCreateSessionHandler } from './create-session.handler';

const { access } = tableFromEnv('access');

/** CreateSession's entry: its adapters, built once per cold start from its bindings and config. */
export const handler = makeCreateSessionHandler({
  tokenKey: tokenKeyFromEnv(),
  signInsPerMinute: quotaFromEnv(access, 'LIMIT_GUEST_SIGNINS_PER_MINUTE', MINUTE_MS),
  names: new GuestNameTable(access.doc, access.tableName),
  clock: systemClock,
});
