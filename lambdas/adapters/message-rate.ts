import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type IdentityKind, kindOfKey } from '../core/identity';
import type { RateLimiter } from '../core/ports';
import { positiveNumberEnv } from './config';
import { RateLimitTable } from './rate-limit-table';

/**
 * One limiter whose allowance depends on the kind of identity its key names (core/identity.ts `identityKey`):
 * guests get a smaller burst than accounts, since making a guest costs nothing.
 */
export class KindRateLimiter implements RateLimiter {
  constructor(private readonly byKind: Record<IdentityKind, RateLimiter>) {}

  tryTake(key: string, nowMs: number): Promise<boolean> {
    return this.byKind[kindOfKey(key)].tryTake(key, nowMs);
  }
}

/**
 * Sending, and editing, deleting and reacting (each with keys of its own): a burst of LIMIT_MESSAGE_BURST_ACCOUNT
 * or _GUEST, then one per LIMIT_MESSAGE_INTERVAL_MS, kept in the table so every instance shares it.
 */
export function messageRateFromEnv(table: {
  doc: DynamoDBDocumentClient;
  tableName: string;
}): KindRateLimiter {
  const intervalMs = positiveNumberEnv('LIMIT_MESSAGE_INTERVAL_MS');
  const rate = (envName: string) =>
    new RateLimitTable(table.doc, table.tableName, { burst: positiveNumberEnv(envName), intervalMs });
  return new KindRateLimiter({
    account: rate('LIMIT_MESSAGE_BURST_ACCOUNT'),
    guest: rate('LIMIT_MESSAGE_BURST_GUEST'),
  });
}
