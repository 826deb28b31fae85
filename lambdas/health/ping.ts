import { requireEnv } from '../adapters/config';
import { systemClock } from '../adapters/from-env';
import { makeHealthPingHandler } from './ping.handler';

/** Health's entry: the version it reports, read once per cold start. */
export const handler = makeHealthPingHandler({ version: requireEnv('APP_VERSION'), clock: systemClock });
