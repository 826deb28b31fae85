/**
 * A stage's throttle as API Gateway applies it: a token bucket (AWS's own description of its algorithm) that
 * holds `burstLimit` tokens and refills at `rateLimit` tokens a second; a request that finds it empty is
 * refused with 429. API Gateway calls these limits targets, applied on a best-effort basis; locally they are
 * exact, which is what a test that turns them on needs.
 */
export interface ThrottleLimits {
  /** Steady-state requests a second. */
  rateLimit: number;
  /** Bucket size: how many requests may arrive at once. */
  burstLimit: number;
}

export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limits.burstLimit;
    this.refilledAt = now();
  }

  /** Takes one token; false when the bucket is empty (the request is throttled). */
  take(): boolean {
    const now = this.now();
    const refill = ((now - this.refilledAt) / 1000) * this.limits.rateLimit;
    this.tokens = Math.min(this.limits.burstLimit, this.tokens + refill);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
