import { describe, expect, it } from 'vitest';
import {
  BOT_STALE_AFTER_SECONDS,
  botFreshness,
  runChecks,
  StaleError,
} from '../../../../lambdas/core/health';

class SecretLeak extends Error {
  override readonly name = 'AccessDeniedException';
}

describe('runChecks', () => {
  it('is ok when every probe resolves, with each probe’s details', async () => {
    const { ok, checks } = await runChecks({
      table: async () => undefined,
      bot: async () => ({ lastHandledAt: null }),
    });
    expect(ok).toBe(true);
    expect(checks.table).toEqual({ ok: true, latencyMs: expect.any(Number) });
    expect(checks.bot).toEqual({ ok: true, latencyMs: expect.any(Number), lastHandledAt: null });
  });

  it('measures each probe’s latency on the given clock', async () => {
    let t = 1000;
    const { checks } = await runChecks(
      {
        table: async () => {
          await Promise.resolve();
          t += 42;
          return undefined;
        },
      },
      () => t,
    );
    expect(checks.table?.latencyMs).toBe(42);
  });

  it('fails as a whole when one probe throws, and reports only the error name', async () => {
    const { ok, checks } = await runChecks({
      table: async () => undefined,
      bus: async () => {
        throw new SecretLeak('User arn:aws:iam::123456789012:role/x is not authorized');
      },
    });
    expect(ok).toBe(false);
    expect(checks.table?.ok).toBe(true);
    expect(checks.bus).toEqual({ ok: false, latencyMs: expect.any(Number), error: 'AccessDeniedException' });
    expect(JSON.stringify(checks)).not.toContain('arn:aws');
  });

  it('names a thrown non-Error value just "Error"', async () => {
    const { checks } = await runChecks({
      odd: () => Promise.reject('a string with a password'),
    });
    expect(checks.odd).toMatchObject({ ok: false, error: 'Error' });
  });

  it('runs the probes in parallel', async () => {
    let running = 0;
    let most = 0;
    const probe = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return undefined;
    };
    await runChecks({ a: probe, b: probe, c: probe });
    expect(most).toBe(3);
  });
});

describe('botFreshness', () => {
  const now = Date.parse('2024-05-01T12:00:00.000Z');

  it('is fine for a bot that never handled an event (a fresh install)', () => {
    expect(botFreshness(undefined, now)).toEqual({ lastHandledAt: null });
  });

  it('reports the age of the last event handled', () => {
    expect(botFreshness('2024-05-01T11:58:00.000Z', now)).toEqual({
      lastHandledAt: '2024-05-01T11:58:00.000Z',
      ageSeconds: 120,
    });
  });

  it('is still fresh at exactly 15 minutes and stale just after', () => {
    expect(BOT_STALE_AFTER_SECONDS).toBe(900);
    expect(botFreshness('2024-05-01T11:45:00.000Z', now)).toMatchObject({ ageSeconds: 900 });
    expect(() => botFreshness('2024-05-01T11:44:58.000Z', now)).toThrow(StaleError);
    expect(new StaleError().name).toBe('BotStale');
  });

  it('counts a heartbeat it cannot read as stale rather than fresh', () => {
    expect(() => botFreshness('yesterday-ish', now)).toThrow(StaleError);
  });
});
