import type { Clock } from '../core/ports';
import { positiveNumberEnv } from './config';

/**
 * Small builders, one per adapter, over the env vars of a function's bindings and config (infra/spec.ts).
 * Each function's entry file calls the ones it needs at module scope (its composition root), so clients are
 * made once per cold start and a missing variable fails the cold start. Endpoints come from the SDK's own
 * `AWS_ENDPOINT_URL_*` variables, which is all the local cloud changes.
 *
 * The builders that make an AWS SDK client live in a module per client (table-from-env.ts, sockets-from-env.ts,
 * bus-from-env.ts, token-key-from-env.ts): a bundle loads every SDK package its modules import, used or not.
 */

export const systemClock: Clock = { now: () => Date.now() };

export function messageTtlSecondsFromEnv(): number {
  return positiveNumberEnv('MESSAGE_TTL_HOURS') * 60 * 60;
}
