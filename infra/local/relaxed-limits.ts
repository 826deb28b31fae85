import { relaxedUsageLimits } from '../spec';

/**
 * `CHATTY_LIMITS=relaxed` (`npm start`) or `relaxedLimits: true` (the bench): the spec's `relaxedUsageLimits`
 * replace the defaults of the per-address limits, for load tests whose every client comes from this machine.
 */

/** Whether CHATTY_LIMITS asks for relaxed limits; any value but `relaxed` or none is a mistake worth stopping for. */
export function relaxedLimitsFromEnv(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (value === 'relaxed') return true;
  throw new Error(`CHATTY_LIMITS must be "relaxed" or unset, not "${value}"`);
}

/** The relaxed values of the limits a function enforces (its `config`), to lay over that config. */
export function relaxedLimitsFor(
  config: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const relaxed: Record<string, string> = {};
  for (const [name, value] of Object.entries(relaxedUsageLimits)) {
    if (value !== undefined && config && name in config) relaxed[name] = value;
  }
  return relaxed;
}
