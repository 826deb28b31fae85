import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../core/ports';
import { keys } from './table-keys';

export interface RateLimit {
  /** How many actions may come at once. */
  burst: number;
  /** Then one action per this many ms. */
  intervalMs: number;
}

/**
 * A token bucket kept as GCRA's one number, the "theoretical arrival time" (tat), shared by every Lambda
 * instance. An action is allowed while tat ≤ now + (burst − 1) × interval, and moves tat to max(tat, now) +
 * interval. DynamoDB cannot compute that max in one update, so the two cases are two conditional updates,
 * each atomic, and no read: a bucket that has refilled (tat ≤ now: the usual case for chat) takes one write,
 * a burst two, and an action over the limit is refused by both conditions.
 */
export class RateLimitTable implements RateLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly limit: RateLimit,
  ) {}

  async tryTake(key: string, nowMs: number): Promise<boolean> {
    const interval = this.limit.intervalMs;
    const limitAt = nowMs + (this.limit.burst - 1) * interval;
    // The record outlives the moment its bucket is full again by a minute, then TTL removes it. The second update
    // can move tat up to now + burst × interval, and the bucket is full again only then: expiring the record any
    // earlier would hand out a fresh burst (DynamoDB Local deletes expired items within seconds).
    const expiresAt = Math.ceil((nowMs + this.limit.burst * interval) / 1000) + 60;
    return (
      (await this.update(
        key,
        'SET tat = :next, expiresAt = :expiresAt',
        'attribute_not_exists(tat) OR tat <= :now',
        {
          ':next': nowMs + interval,
          ':now': nowMs,
          ':expiresAt': expiresAt,
        },
      )) ||
      (await this.update(
        key,
        'SET tat = tat + :interval, expiresAt = :expiresAt',
        'tat > :now AND tat <= :limitAt',
        {
          ':interval': interval,
          ':now': nowMs,
          ':limitAt': limitAt,
          ':expiresAt': expiresAt,
        },
      ))
    );
  }

  private async update(
    key: string,
    expression: string,
    condition: string,
    values: Record<string, number>,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.rate(key),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}
