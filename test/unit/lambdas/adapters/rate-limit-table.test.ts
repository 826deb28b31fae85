import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RateLimitTable } from '../../../../lambdas/adapters/rate-limit-table';

const ddb = mockClient(DynamoDBDocumentClient);
const limiter = new RateLimitTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
  {
    burst: 3,
    intervalMs: 1000,
  },
);
const NOW = 1_714_564_800_000;
const KEY = { pk: 'RATE#send#Ada', sk: 'RATE' };

function conflict() {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

function updates() {
  return ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
}

/**
 * A fake of the one item, evaluating the two conditions the way DynamoDB would, so the tests check the
 * behaviour (how many actions pass) and not only the expressions.
 */
function simulateItem(initialTat?: number) {
  let tat = initialTat;
  ddb.on(UpdateCommand).callsFake((input) => {
    const v = input.ExpressionAttributeValues as Record<string, number>;
    if (input.UpdateExpression.startsWith('SET tat = :next')) {
      if (tat !== undefined && !(tat <= (v[':now'] as number))) throw conflict();
      tat = v[':next'];
    } else {
      if (tat === undefined || !(tat > (v[':now'] as number) && tat <= (v[':limitAt'] as number)))
        throw conflict();
      tat += v[':interval'] as number;
    }
    return {};
  });
  return () => tat;
}

describe('RateLimitTable', () => {
  beforeEach(() => ddb.reset());

  it('lets a first action through with one conditional write and no read', async () => {
    const tat = simulateItem();
    expect(await limiter.tryTake('send#Ada', NOW)).toBe(true);
    expect(updates()).toEqual([
      {
        TableName: 'chatty',
        Key: KEY,
        UpdateExpression: 'SET tat = :next, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(tat) OR tat <= :now',
        ExpressionAttributeValues: {
          ':next': NOW + 1000,
          ':now': NOW,
          ':expiresAt': Math.ceil((NOW + 3000) / 1000) + 60,
        },
      },
    ]);
    expect(tat()).toBe(NOW + 1000);
  });

  it('allows a burst, then refuses until the bucket refills at one action per interval', async () => {
    simulateItem();
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.tryTake('send#Ada', NOW));
    expect(results).toEqual([true, true, true, false, false]);
    expect(await limiter.tryTake('send#Ada', NOW + 999)).toBe(false);
    expect(await limiter.tryTake('send#Ada', NOW + 1000)).toBe(true);
    expect(await limiter.tryTake('send#Ada', NOW + 1000)).toBe(false);
  });

  it('starts from now when the recorded arrival time has passed', async () => {
    const tat = simulateItem(NOW - 60_000);
    expect(await limiter.tryTake('send#Ada', NOW)).toBe(true);
    expect(tat()).toBe(NOW + 1000);
    expect(updates()).toHaveLength(1);
  });

  it('advances the arrival time within the burst with the second update', async () => {
    const tat = simulateItem(NOW + 500);
    expect(await limiter.tryTake('send#Ada', NOW)).toBe(true);
    expect(tat()).toBe(NOW + 1500);
    expect(updates()[1]).toMatchObject({
      UpdateExpression: 'SET tat = tat + :interval, expiresAt = :expiresAt',
      ConditionExpression: 'tat > :now AND tat <= :limitAt',
      ExpressionAttributeValues: { ':interval': 1000, ':now': NOW, ':limitAt': NOW + 2000 },
    });
  });

  it('keeps the record at least until its bucket is full again, so TTL never hands out a fresh burst', async () => {
    // Three rooms an hour: one every 20 minutes, where a minute of slack no longer hides the gap.
    const hourly = new RateLimitTable(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      'chatty',
      { burst: 3, intervalMs: 20 * 60_000 },
    );
    const tat = simulateItem();
    while (await hourly.tryTake('room#Ada', NOW)) {
      // take the whole burst at one instant: tat moves to now + burst × interval
    }
    const expiries = updates().map((u) => u.ExpressionAttributeValues?.[':expiresAt'] as number);
    for (const expiresAt of expiries)
      expect((expiresAt ?? 0) * 1000).toBeGreaterThanOrEqual(tat() ?? Number.POSITIVE_INFINITY);
  });

  it('passes other errors on', async () => {
    ddb.on(UpdateCommand).rejects(new Error('network down'));
    await expect(limiter.tryTake('send#Ada', NOW)).rejects.toThrow('network down');
  });
});
