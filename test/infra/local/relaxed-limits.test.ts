import { describe, expect, it } from 'vitest';
import { relaxedLimitsFor, relaxedLimitsFromEnv } from '../../../infra/local/relaxed-limits';
import { functions, relaxedUsageLimits } from '../../../infra/spec';

describe('CHATTY_LIMITS', () => {
  it('is relaxed only when it says so, and off when unset or empty', () => {
    expect(relaxedLimitsFromEnv('relaxed')).toBe(true);
    expect(relaxedLimitsFromEnv(undefined)).toBe(false);
    expect(relaxedLimitsFromEnv('')).toBe(false);
  });

  it('stops at any other value rather than silently keeping the defaults', () => {
    expect(() => relaxedLimitsFromEnv('off')).toThrow('CHATTY_LIMITS must be "relaxed" or unset, not "off"');
  });
});

describe('relaxedLimitsFor', () => {
  it('gives a function the relaxed value of each limit it enforces, and nothing else', () => {
    const relaxed = Object.entries(relaxedUsageLimits);
    expect(relaxed.length).toBeGreaterThan(0);
    for (const [name, value] of relaxed) {
      expect(relaxedLimitsFor({ [name]: '1', OTHER: 'x' })).toEqual({ [name]: value });
    }
    expect(relaxedLimitsFor({ OTHER: 'x' })).toEqual({});
    expect(relaxedLimitsFor(undefined)).toEqual({});
  });

  it('reaches some function of the spec for every relaxed limit', () => {
    const enforced = new Set(functions.flatMap((fn) => Object.keys(relaxedLimitsFor(fn.config))));
    expect([...enforced].sort()).toEqual(Object.keys(relaxedUsageLimits).sort());
  });
});
