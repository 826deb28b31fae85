import { systemClock, tokenKeyFromEnv } from '../adapters/from-env';
import { makeCreateSessionHandler } from './create-session.handler';

/** CreateSession's entry: its adapters, built once per cold start from its bindings. */
export const handler = makeCreateSessionHandler({ tokenKey: tokenKeyFromEnv(), clock: systemClock });
