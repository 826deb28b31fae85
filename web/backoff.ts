/**
 * Reconnect delay for the given attempt (0-based): exponential growth capped at `capMs`, with "equal jitter"
 * (half fixed, half random) so that many clients dropped at once (API Gateway's 2-hour limit, a deploy) do not
 * come back in lockstep, yet no client retries in a tight loop.
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 500,
  capMs = 30_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
