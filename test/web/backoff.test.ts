import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../web/backoff';

describe('backoffDelay', () => {
  it('doubles the ceiling with each attempt', () => {
    const top = () => 1;
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, top))).toEqual([500, 1000, 2000, 4000]);
  });

  it('never waits longer than about 30 seconds', () => {
    expect(backoffDelay(10, () => 1)).toBe(30_000);
    expect(backoffDelay(1000, () => 1)).toBe(30_000);
  });

  it('keeps at least half the ceiling so no client retries in a tight loop', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(20, () => 0)).toBe(15_000);
  });

  it('spreads clients over the upper half of the ceiling with jitter', () => {
    expect(backoffDelay(3, () => 0.5)).toBe(3000);
  });
});
