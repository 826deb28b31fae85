import { afterEach, describe, expect, it, vi } from 'vitest';
import { numberEnv, requireEnv } from '../../../../lambdas/adapters/config';

describe('requireEnv', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('returns the variable', () => {
    vi.stubEnv('CHATTY_TEST_VAR', 'value');
    expect(requireEnv('CHATTY_TEST_VAR')).toBe('value');
  });

  it('throws an error naming a missing variable', () => {
    vi.stubEnv('CHATTY_TEST_VAR', undefined);
    expect(() => requireEnv('CHATTY_TEST_VAR')).toThrow(
      /Missing required environment variable CHATTY_TEST_VAR/,
    );
  });

  it('treats an empty variable as missing', () => {
    vi.stubEnv('CHATTY_TEST_VAR', '');
    expect(() => requireEnv('CHATTY_TEST_VAR')).toThrow(/CHATTY_TEST_VAR/);
  });
});

describe('numberEnv', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('falls back when the variable is unset or empty', () => {
    vi.stubEnv('CHATTY_TEST_NUM', undefined);
    expect(numberEnv('CHATTY_TEST_NUM', 48)).toBe(48);
    vi.stubEnv('CHATTY_TEST_NUM', '');
    expect(numberEnv('CHATTY_TEST_NUM', 48)).toBe(48);
  });

  it('parses a positive number', () => {
    vi.stubEnv('CHATTY_TEST_NUM', '0.5');
    expect(numberEnv('CHATTY_TEST_NUM', 48)).toBe(0.5);
  });

  it.each(['0', '-1', 'abc', 'Infinity'])('throws an error naming the variable for %j', (raw) => {
    vi.stubEnv('CHATTY_TEST_NUM', raw);
    expect(() => numberEnv('CHATTY_TEST_NUM', 48)).toThrow(/CHATTY_TEST_NUM must be a positive number/);
  });
});
