/**
 * The deep healthcheck: every dependency is probed in parallel with its own latency; any failure makes the
 * whole answer 503. Only error names reach the response — never messages that could carry secrets or ARNs.
 */
export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
  [detail: string]: unknown;
}

/** A probe resolves with details to report (or nothing), and throws when the dependency is broken. */
export type Probe = () => Promise<Record<string, unknown> | undefined>;

export async function runChecks(
  probes: Record<string, Probe>,
  now: () => number = Date.now,
): Promise<{ ok: boolean; checks: Record<string, CheckResult> }> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, CheckResult]> => {
      const started = now();
      try {
        const details = await probe();
        return [name, { ok: true, latencyMs: now() - started, ...details }];
      } catch (err) {
        const error = err instanceof Error ? err.name : 'Error';
        return [name, { ok: false, latencyMs: now() - started, error }];
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { ok: entries.every(([, result]) => result.ok), checks };
}

/** The bot is stale when it handled its last event longer ago than this (the canary pokes it every 5 min). */
export const BOT_STALE_AFTER_SECONDS = 15 * 60;

export class StaleError extends Error {
  override readonly name = 'BotStale';
}

/** Bot freshness: never having handled an event is not a failure (a fresh install); going quiet is. */
export function botFreshness(lastHandledAt: string | undefined, nowMs: number): Record<string, unknown> {
  if (!lastHandledAt) return { lastHandledAt: null };
  const ageSeconds = Math.round((nowMs - Date.parse(lastHandledAt)) / 1000);
  // Written as "not fresh" so an unreadable time (NaN age) counts as stale too.
  if (!(ageSeconds <= BOT_STALE_AFTER_SECONDS)) throw new StaleError();
  return { lastHandledAt, ageSeconds };
}
