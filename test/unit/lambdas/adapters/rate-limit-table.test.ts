import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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

function puts() {
  return ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
}

describe('RateLimitTable', () => {
  beforeEach(() => ddb.reset());

  it('lets a first action through and creates the record only if nobody else did', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});

    expect(await limiter.tryTake('send#Ada', NOW)).toBe(true);

    expect(ddb.commandCalls(GetCommand)[0].args[0].input).toEqual({
      TableName: 'chatty',
      Key: KEY,
      ConsistentRead: true,
    });
    expect(puts()).toEqual([
      {
        TableName: 'chatty',
        Item: { ...KEY, tat: NOW + 1000, expiresAt: Math.ceil((NOW + 1000) / 1000) + 60 },
        ConditionExpression: 'attribute_not_exists(pk)',
        ExpressionAttributeValues: undefined,
      },
    ]);
  });

  it('allows a burst, advancing the arrival time on the condition that it did not change', async () => {
    // tat 2 s ahead = two earlier actions this instant; a burst of 3 tolerates 2 s.
    ddb.on(GetCommand).resolves({ Item: { ...KEY, tat: NOW + 2000 } });
    ddb.on(PutCommand).resolves({});

    expect(await limiter.tryTake('send#Ada', NOW)).toBe(true);
    expect(puts()[0]).toMatchObject({
      Item: { tat: NOW + 3000 },
      ConditionExpression: 'tat = :previous',
      ExpressionAttributeValues: { ':previous': NOW + 2000 },
    });
  });

  it('denies an action beyond the burst without writing', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...KEY, tat: NOW + 3000 } });
    expect(await limiter.tryTake('send#Ada', NOW)).toBe(false);
    expect(puts()).toEqual([]);
  });

  it('starts from now when the recorded arrival time has passed', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...KEY, tat: NOW - 60_000 } });
    ddb.on(PutCommand).resolves({});
    expect(await limiter.tryTake('send#Ada', NOW)).toBe(true);
    expect(puts()[0]).toMatchObject({ Item: { tat: NOW + 1000 } });
  });

  it('reads again after losing a race and uses the new arrival time', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { ...KEY, tat: NOW } })
      .resolves({ Item: { ...KEY, tat: NOW + 1000 } });
    ddb.on(PutCommand).rejectsOnce(conflict()).resolves({});

    expect(await limiter.tryTake('send#Ada', NOW)).toBe(true);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
    expect(puts().map((p) => p.ExpressionAttributeValues)).toEqual([
      { ':previous': NOW },
      { ':previous': NOW + 1000 },
    ]);
  });

  it('denies after losing the race three times', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).rejects(conflict());
    expect(await limiter.tryTake('send#Ada', NOW)).toBe(false);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(3);
    expect(puts()).toHaveLength(3);
  });

  it('passes other errors on', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).rejects(new Error('InternalServerError'));
    await expect(limiter.tryTake('send#Ada', NOW)).rejects.toThrow('InternalServerError');
  });
});
