import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOUR_MS, MINUTE_MS, perPeriod, quotaFromEnv } from '../../../../lambdas/adapters/count-limit';
import { RateLimitTable } from '../../../../lambdas/adapters/rate-limit-table';

afterEach(() => vi.unstubAllEnvs());

describe('perPeriod', () => {
  it('allows the whole count at once, then one back every period/count', () => {
    expect(perPeriod(3, HOUR_MS)).toEqual({ burst: 3, intervalMs: 20 * MINUTE_MS });
    expect(perPeriod(20, MINUTE_MS)).toEqual({ burst: 20, intervalMs: 3000 });
  });

  it('keeps whole counts and at least a millisecond between refills (relaxed limits are huge)', () => {
    expect(perPeriod(2.7, MINUTE_MS)).toEqual({ burst: 2, intervalMs: 30_000 });
    expect(perPeriod(1_000_000, MINUTE_MS)).toEqual({ burst: 1_000_000, intervalMs: 1 });
  });
});

describe('quotaFromEnv', () => {
  const table = {
    doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    tableName: 't',
  };

  it('reads the count from its variable and keeps it in the table', () => {
    vi.stubEnv('LIMIT_TEST', '3');
    const quota = quotaFromEnv(table, 'LIMIT_TEST', HOUR_MS);
    expect(quota.count).toBe(3);
    expect(quota.limiter).toBeInstanceOf(RateLimitTable);
  });

  it.each(['', '0', 'many'])('fails the cold start on %j', (value) => {
    vi.stubEnv('LIMIT_TEST', value);
    expect(() => quotaFromEnv(table, 'LIMIT_TEST', HOUR_MS)).toThrow(/LIMIT_TEST/);
  });
});
