import { MINUTE_MS, quotaFromEnv } from '../adapters/count-limit';
import { systemClock, tableFromEnv, tokenKeyFromEnv } from '../adapters/from-env';
import { makeCreateSessionHandler } from './create-session.handler';

/** CreateSession's entry: its adapters, built once per cold start from its bindings and config. */
export const handler = makeCreateSessionHandler({
  tokenKey: tokenKeyFromEnv(),
  signInsPerMinute: quotaFromEnv(tableFromEnv('access').access, 'LIMIT_GUEST_SIGNINS_PER_MINUTE', MINUTE_MS),
  clock: systemClock,
});
