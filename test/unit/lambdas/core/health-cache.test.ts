import { describe, expect, it } from 'vitest';
import {
  HEALTH_CLAIM_HOLD_MS,
  HEALTH_MAX_AGE_MS,
  HEALTH_REFRESH_AFTER_MS,
  type HealthReport,
  type HealthReportStore,
  sharedHealth,
} from '../../../../lambdas/core/health-cache';
import { FakeClock, T0 } from './fakes';

/** The one table item, with the claim semantics of HealthTable's conditional writes. */
class MemoryHealthStore implements HealthReportStore {
  report: HealthReport | undefined;
  claimId: string | undefined;
  claimUntilMs: number | undefined;
  reads = 0;
  failing: Error | undefined;

  async read(): Promise<HealthReport | undefined> {
    this.reads++;
    if (this.failing) throw this.failing;
    return this.report;
  }
  async claim(claimId: string, staleBeforeMs: number, nowMs: number, holdMs: number): Promise<boolean> {
    if (this.failing) throw this.failing;
    const stale = this.report === undefined || Date.parse(this.report.checkedAt) <= staleBeforeMs;
    const free = this.claimUntilMs === undefined || this.claimUntilMs < nowMs;
    if (!stale || !free) return false;
    this.claimId = claimId;
    this.claimUntilMs = nowMs + holdMs;
    return true;
  }
  async readClaim(claimId: string): Promise<void> {
    if (this.claimId !== claimId) throw Object.assign(new Error('x'), { name: 'ProbeNotFound' });
  }
  async save(claimId: string, report: HealthReport): Promise<void> {
    if (this.claimId !== claimId) return;
    this.report = report;
    this.claimUntilMs = undefined;
  }
}

/** Two Lambda instances (each its own memory) over one table, with probes that count their runs. */
function setup() {
  const clock = new FakeClock();
  const store = new MemoryHealthStore();
  const runs = { bus: 0 };
  let busOk = true;
  let ids = 0;
  const checked: HealthReport[] = [];
  const instance = () =>
    sharedHealth({
      store,
      probes: {
        bus: async () => {
          runs.bus++;
          if (!busOk) throw Object.assign(new Error('down'), { name: 'InternalException' });
          return undefined;
        },
      },
      clock,
      newClaimId: () => `claim-${++ids}`,
      onChecked: (report) => checked.push(report),
    });
  return {
    clock,
    store,
    runs,
    checked,
    a: instance(),
    b: instance(),
    breakBus: () => {
      busOk = false;
    },
  };
}

describe('sharedHealth', () => {
  it('probes once for two calls within 30 s, both answering with the same checkedAt', async () => {
    const { a, clock, runs } = setup();
    const first = await a();
    clock.nowMs += 10_000;
    const second = await a();
    expect(runs.bus).toBe(1);
    expect(first.checkedAt).toBe(new Date(T0).toISOString());
    expect(second).toEqual(first);
    expect(first.checks).toMatchObject({ table: { ok: true }, bus: { ok: true } });
  });

  it('shares the result between instances through the store: the second instance only reads it', async () => {
    const { a, b, clock, runs, store } = setup();
    await a();
    clock.nowMs += 5_000;
    const fromB = await b();
    expect(runs.bus).toBe(1);
    expect(store.reads).toBe(2);
    expect(fromB.checkedAt).toBe(new Date(T0).toISOString());
    // Once b has it, b answers from memory: no read at all.
    await b();
    expect(store.reads).toBe(2);
  });

  it('refreshes a result older than the refresh age, so no answer is older than 30 s under steady calls', async () => {
    expect(HEALTH_REFRESH_AFTER_MS).toBeLessThan(HEALTH_MAX_AGE_MS);
    expect(HEALTH_MAX_AGE_MS).toBe(30_000);
    const { a, clock, runs } = setup();
    await a();
    clock.nowMs += HEALTH_REFRESH_AFTER_MS;
    const later = await a();
    expect(runs.bus).toBe(2);
    expect(later.checkedAt).toBe(new Date(T0 + HEALTH_REFRESH_AFTER_MS).toISOString());
  });

  it('lets only the instance that claims a stale result probe; the others answer from the stored one', async () => {
    const { a, b, clock, runs } = setup();
    await a();
    clock.nowMs += HEALTH_MAX_AGE_MS;
    const [fromA, fromB] = await Promise.all([a(), b()]);
    expect(runs.bus).toBe(2);
    expect(fromA.checkedAt).toBe(new Date(T0 + HEALTH_MAX_AGE_MS).toISOString());
    expect(fromB.checkedAt).toBe(new Date(T0).toISOString());
    // b did not remember the old result: its next call reads the fresh one.
    expect((await b()).checkedAt).toBe(fromA.checkedAt);
  });

  it('frees a claim whose refresher died once its hold is over', async () => {
    const { a, b, clock, runs, store } = setup();
    await a();
    clock.nowMs += HEALTH_MAX_AGE_MS;
    // A refresher claims and never saves.
    expect(
      await store.claim('dead', clock.nowMs - HEALTH_REFRESH_AFTER_MS, clock.nowMs, HEALTH_CLAIM_HOLD_MS),
    ).toBe(true);
    await b();
    expect(runs.bus).toBe(1);
    clock.nowMs += HEALTH_CLAIM_HOLD_MS + 1;
    await b();
    expect(runs.bus).toBe(2);
  });

  it('keeps a failing result too, and reports a fresh one through onChecked only when probed', async () => {
    const { a, b, breakBus, checked, runs } = setup();
    breakBus();
    const first = await a();
    expect(first.ok).toBe(false);
    expect(first.checks.bus).toMatchObject({ ok: false, error: 'InternalException' });
    await a();
    await b();
    expect(runs.bus).toBe(1);
    expect(checked).toEqual([first]);
  });

  it('when the table fails, says so and probes at most once per instance per refresh age', async () => {
    const { a, clock, runs, store } = setup();
    store.failing = Object.assign(new Error('no table'), { name: 'ResourceNotFoundException' });
    const first = await a();
    expect(first.ok).toBe(false);
    expect(first.checks.table).toMatchObject({ ok: false, error: 'ResourceNotFoundException' });
    expect(first.checks.bus).toMatchObject({ ok: true });
    clock.nowMs += 1_000;
    await a();
    expect(runs.bus).toBe(1);
    expect(store.reads).toBe(1);
  });

  it('reports a save that failed and answers anyway', async () => {
    const clock = new FakeClock();
    const store = new MemoryHealthStore();
    store.save = async () => {
      throw new Error('throttled');
    };
    const errors: unknown[] = [];
    const health = sharedHealth({
      store,
      probes: {},
      clock,
      newClaimId: () => 'c',
      onSaveError: (err) => errors.push(err),
    });
    expect((await health()).ok).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
