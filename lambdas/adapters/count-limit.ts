import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Quota } from '../core/quota';
import { positiveNumberEnv } from './config';
import { type RateLimit, RateLimitTable } from './rate-limit-table';

/**
 * "At most `count` per `periodMs`" as the limiter's token bucket: a burst of `count`, refilled evenly over the
 * period, so a person who used them all gets one back every period/count.
 */
export function perPeriod(count: number, periodMs: number): RateLimit {
  const burst = Math.max(1, Math.floor(count));
  return { burst, intervalMs: Math.max(1, Math.round(periodMs / burst)) };
}

/** The count limit in `envName` (per `periodMs`), kept in the table so every instance shares it. */
export function quotaFromEnv(
  table: { doc: DynamoDBDocumentClient; tableName: string },
  envName: string,
  periodMs: number,
): Quota {
  const rate = perPeriod(positiveNumberEnv(envName), periodMs);
  return { limiter: new RateLimitTable(table.doc, table.tableName, rate), count: rate.burst };
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
