/** When to refresh an account's access token: a few minutes before it expires, so no request meets it expired. */
import type { Clock } from './clock';

/** Refresh this long before `exp` (Cognito's access tokens last an hour on AWS, 24 h in the emulator). */
export const refreshLeadMs = 5 * 60_000;
/** Never sooner than this: a token that lives less than the lead must not make the page refresh in a loop. */
export const minRefreshDelayMs = 10_000;
/** Browsers run a timer longer than 2^31 - 1 ms at once; a far expiry is re-planned at the next refresh. */
const maxTimerMs = 2 ** 31 - 1;

export function refreshDelayMs(expiresAtMs: number, now: number): number {
  return Math.min(maxTimerMs, Math.max(minRefreshDelayMs, expiresAtMs - refreshLeadMs - now));
}

/** One planned refresh at a time: planning again replaces the previous one. */
export class RefreshSchedule {
  private cancelTimer: (() => void) | null = null;

  constructor(private readonly clock: Clock) {}

  plan(expiresAtMs: number, run: () => void): void {
    this.cancel();
    this.cancelTimer = this.clock.later(
      () => {
        this.cancelTimer = null;
        run();
      },
      refreshDelayMs(expiresAtMs, this.clock.now()),
    );
  }

  /** Plans a retry after a refresh that could not reach Cognito. */
  retryIn(ms: number, run: () => void): void {
    this.cancel();
    this.cancelTimer = this.clock.later(() => {
      this.cancelTimer = null;
      run();
    }, ms);
  }

  get planned(): boolean {
    return this.cancelTimer !== null;
  }

  cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }
}
