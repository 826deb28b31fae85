import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CachedWeather, WeatherCache } from '../core/bot/ports';
import { keys } from './table-keys';

/** How long the bot remembers that it answered an event (EventBridge retries for at most 24 h). */
const DONE_TTL_SECONDS = 2 * 24 * 60 * 60;

/** The bot's own records in the chat table: reply claims, welcome throttles, heartbeat, weather cache. */

/** How often one instance refreshes the heartbeat item (the deep healthcheck's staleness is 15 minutes). */
export const HEARTBEAT_INTERVAL_MS = 60_000;
export class BotTable implements WeatherCache {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Claims the right to answer `id` once. EventBridge and Lambda deliver at least once: a second delivery of an
   * event already answered (or being answered right now) finds the claim and gets no second reply. A claim whose
   * answer failed is released, so the retry can answer.
   *
   * The lease lasts until `leaseUntilMs`, the claiming invocation's deadline (its start plus the function's
   * timeout): while it may still be running, a duplicate waits out; once it has timed out (Lambda stops a function
   * at its timeout, before it can release anything), Lambda's retry, a minute later at the earliest, takes over.
   * Claims written with the older `leaseUntil` (seconds, 30 s leases) count as expired.
   */
  async claim(id: string, nowMs: number, leaseUntilMs: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.bot('reply', id),
            state: 'claimed',
            leaseUntilMs,
            expiresAt: Math.floor(nowMs / 1000) + DONE_TTL_SECONDS,
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR (#state = :claimed AND (leaseUntilMs < :now OR attribute_not_exists(leaseUntilMs)))',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':now': nowMs },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async markAnswered(id: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.bot('reply', id),
        UpdateExpression: 'SET #state = :done',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':done': 'done' },
      }),
    );
  }

  async release(id: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.bot('reply', id) }));
  }

  /**
   * True at most once per person per room per `windowSeconds` (the welcome throttle), and again for the event
   * `by` that took it: a retry of that event (after a timeout, which leaves no chance to forget the welcome) still
   * welcomes.
   */
  async firstWelcomeWithin(
    roomId: string,
    name: string,
    nowSeconds: number,
    windowSeconds: number,
    by: string,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.bot('welcome', `${roomId}#${name.toLowerCase()}`),
            expiresAt: nowSeconds + windowSeconds,
            welcomedBy: by,
          },
          // The TTL attribute doubles as the window's end: DynamoDB may not have deleted the item yet.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR welcomedBy = :by',
          ExpressionAttributeValues: { ':now': nowSeconds, ':by': by },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async forgetWelcome(roomId: string, name: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.bot('welcome', `${roomId}#${name.toLowerCase()}`),
      }),
    );
  }

  /** When this instance last wrote the heartbeat (ms), so it writes at most once per HEARTBEAT_INTERVAL_MS. */
  private heartbeatWrittenAtMs = Number.NEGATIVE_INFINITY;

  /**
   * Records when the bot last handled an event; the deep healthcheck reads it as "bot freshness" and calls the bot
   * stale after 15 minutes. Once a minute per instance is plenty for that: a write per event was one more table
   * write for every message and every join (a 500-join storm made 500 of them).
   */
  async recordHeartbeat(now: Date): Promise<void> {
    if (now.getTime() - this.heartbeatWrittenAtMs < HEARTBEAT_INTERVAL_MS) return;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.bot('heartbeat', 'latest'), at: now.toISOString() },
      }),
    );
    this.heartbeatWrittenAtMs = now.getTime();
  }

  async lastHeartbeat(): Promise<string | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.bot('heartbeat', 'latest') }),
    );
    return typeof Item?.at === 'string' ? Item.at : undefined;
  }

  async get(zip: string): Promise<CachedWeather | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.bot('weather', zip) }),
    );
    return Item?.entry ? (Item.entry as CachedWeather) : null;
  }

  async put(zip: string, entry: CachedWeather, ttlSeconds: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.bot('weather', zip), entry, expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds },
      }),
    );
  }
}
