import { afterEach, describe, expect, it, vi } from 'vitest';
import { positiveNumberEnv, requireEnv } from '../../../../lambdas/adapters/config';

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

describe('positiveNumberEnv', () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each([undefined, ''])(
    'throws an error naming the variable when it is %j: defaults live in infra/spec.ts',
    (raw) => {
      vi.stubEnv('CHATTY_TEST_NUM', raw);
      expect(() => positiveNumberEnv('CHATTY_TEST_NUM')).toThrow(
        /Missing required environment variable CHATTY_TEST_NUM/,
      );
    },
  );

  it('parses a positive number', () => {
    vi.stubEnv('CHATTY_TEST_NUM', '0.5');
    expect(positiveNumberEnv('CHATTY_TEST_NUM')).toBe(0.5);
  });

  it.each(['0', '-1', 'abc', 'Infinity'])('throws an error naming the variable for %j', (raw) => {
    vi.stubEnv('CHATTY_TEST_NUM', raw);
    expect(() => positiveNumberEnv('CHATTY_TEST_NUM')).toThrow(/CHATTY_TEST_NUM must be a positive number/);
  });
});
