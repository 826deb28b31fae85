import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '../core/ports';
import { keys } from './table-keys';

export interface RateLimit {
  /** How many actions may come at once. */
  burst: number;
  /** Then one action per this many ms. */
  intervalMs: number;
}

/**
 * A token bucket kept as GCRA's one number, the "theoretical arrival time" (tat), so that every Lambda
 * instance shares the limit: read it, then write it back on the condition that nobody else did meanwhile.
 */
export class RateLimitTable implements RateLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly limit: RateLimit,
  ) {}

  async tryTake(key: string, nowMs: number): Promise<boolean> {
    const tolerance = (this.limit.burst - 1) * this.limit.intervalMs;
    for (let attempt = 0; attempt < 3; attempt++) {
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: keys.rate(key), ConsistentRead: true }),
      );
      const previous = typeof Item?.tat === 'number' ? Item.tat : undefined;
      const tat = Math.max(previous ?? 0, nowMs);
      if (tat - nowMs > tolerance) return false;
      const next = tat + this.limit.intervalMs;
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.rate(key), tat: next, expiresAt: Math.ceil(next / 1000) + 60 },
            ConditionExpression: previous === undefined ? 'attribute_not_exists(pk)' : 'tat = :previous',
            ExpressionAttributeValues: previous === undefined ? undefined : { ':previous': previous },
          }),
        );
        return true;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        // Another request of the same person won the race: read again.
      }
    }
    return false;
  }
}
