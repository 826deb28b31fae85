import { ChatError } from './errors';
import type { RateLimiter } from './ports';

/** "At most `count` per period", enforced by a limiter shared by every instance (see adapters/count-limit.ts). */
export interface Quota {
  limiter: RateLimiter;
  /** The count, for the message that tells a person what the limit is. */
  count: number;
}

/** Takes one of `key`'s allowance, or throws `rate_limited` (429) with `refusal`. */
export async function takeOrRefuse(quota: Quota, key: string, nowMs: number, refusal: string): Promise<void> {
  if (!(await quota.limiter.tryTake(key, nowMs))) throw new ChatError('rate_limited', refusal);
}
