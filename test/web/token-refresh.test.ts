import { describe, expect, it } from 'vitest';
import { minRefreshDelayMs, RefreshSchedule, refreshDelayMs, refreshLeadMs } from '../../web/token-refresh';
import { FakeClock } from './fakes';

const hour = 3_600_000;

describe('refreshDelayMs', () => {
  it('refreshes five minutes before the access token expires', () => {
    expect(refreshLeadMs).toBe(5 * 60_000);
    expect(refreshDelayMs(hour, 0)).toBe(hour - refreshLeadMs);
    expect(refreshDelayMs(10 * hour, 9 * hour)).toBe(hour - refreshLeadMs);
  });

  it('waits a little when the token expires within the lead (or already has), never looping', () => {
    expect(refreshDelayMs(60_000, 0)).toBe(minRefreshDelayMs);
    expect(refreshDelayMs(0, hour)).toBe(minRefreshDelayMs);
  });

  it("keeps a far expiry within a browser timer's range", () => {
    expect(refreshDelayMs(1000 * 24 * hour, 0)).toBe(2 ** 31 - 1);
  });
});

describe('RefreshSchedule', () => {
  it('runs once at the planned time; planning again replaces the earlier plan', () => {
    const clock = new FakeClock(0);
    const schedule = new RefreshSchedule(clock);
    const runs: number[] = [];
    schedule.plan(hour, () => runs.push(clock.now()));
    schedule.plan(2 * hour, () => runs.push(clock.now()));
    expect(clock.pending).toBe(1);
    clock.advance(hour);
    expect(runs).toEqual([]);
    clock.advance(hour);
    expect(runs).toEqual([2 * hour - refreshLeadMs]);
    expect(schedule.planned).toBe(false);
  });

  it('retries after a given wait, and cancel stops whatever was planned', () => {
    const clock = new FakeClock(0);
    const schedule = new RefreshSchedule(clock);
    let runs = 0;
    schedule.retryIn(30_000, () => runs++);
    expect(schedule.planned).toBe(true);
    schedule.cancel();
    clock.advance(hour);
    expect(runs).toBe(0);
    expect(clock.pending).toBe(0);
  });
});
