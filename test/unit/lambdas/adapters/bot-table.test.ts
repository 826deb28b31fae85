import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  InternalServerError,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BotTable } from '../../../../lambdas/adapters/bot-table';
import type { CachedWeather } from '../../../../lambdas/core/bot/ports';

const ddb = mockClient(DynamoDBDocumentClient);
const table = new BotTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);
const NOW = 1_714_564_800;

const conflict = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const lastPut = () => ddb.commandCalls(PutCommand).at(-1)?.args[0].input;

beforeEach(() => ddb.reset());
afterEach(() => vi.useRealTimers());

describe('BotTable claims', () => {
  it('claims an event until the invocation’s deadline unless someone holds a live claim or it is answered', async () => {
    ddb.on(PutCommand).resolves({});
    const nowMs = NOW * 1000 + 250;
    expect(await table.claim('message#m1', nowMs, nowMs + 15_000)).toBe(true);
    expect(lastPut()).toEqual({
      TableName: 'chatty',
      Item: {
        pk: 'BOT#reply#message#m1',
        sk: 'BOT',
        state: 'claimed',
        leaseUntilMs: nowMs + 15_000,
        expiresAt: NOW + 2 * 24 * 60 * 60,
      },
      ConditionExpression:
        'attribute_not_exists(pk) OR (#state = :claimed AND (leaseUntilMs < :now OR attribute_not_exists(leaseUntilMs)))',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':claimed': 'claimed', ':now': nowMs },
    });
  });

  it('reports a failed condition as an event already claimed', async () => {
    ddb.on(PutCommand).rejects(conflict());
    expect(await table.claim('message#m1', NOW * 1000, NOW * 1000 + 15_000)).toBe(false);
  });

  it('lets other DynamoDB errors through', async () => {
    ddb.on(PutCommand).rejects(new InternalServerError({ message: 'oops', $metadata: {} }));
    await expect(table.claim('message#m1', NOW * 1000, NOW * 1000 + 15_000)).rejects.toBeInstanceOf(
      InternalServerError,
    );
  });

  it('marks a claim answered and releases one by deleting it', async () => {
    ddb.on(UpdateCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    await table.markAnswered('joined#e1');
    await table.release('joined#e2');
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'BOT#reply#joined#e1', sk: 'BOT' },
      UpdateExpression: 'SET #state = :done',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':done': 'done' },
    });
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'BOT#reply#joined#e2', sk: 'BOT' },
    });
  });
});

describe('BotTable welcome throttle', () => {
  it('records a welcome per room and case-folded name until the window ends', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await table.firstWelcomeWithin('lobby', 'Ada', NOW, 3600, 'joined#e1')).toBe(true);
    expect(lastPut()).toEqual({
      TableName: 'chatty',
      Item: { pk: 'BOT#welcome#lobby#ada', sk: 'BOT', expiresAt: NOW + 3600, welcomedBy: 'joined#e1' },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR welcomedBy = :by',
      ExpressionAttributeValues: { ':now': NOW, ':by': 'joined#e1' },
    });
  });

  it('says no within the window', async () => {
    ddb.on(PutCommand).rejects(conflict());
    expect(await table.firstWelcomeWithin('lobby', 'ADA', NOW, 3600, 'joined#e2')).toBe(false);
  });

  it('lets other DynamoDB errors through', async () => {
    ddb.on(PutCommand).rejects(new InternalServerError({ message: 'oops', $metadata: {} }));
    await expect(table.firstWelcomeWithin('lobby', 'Ada', NOW, 3600, 'joined#e3')).rejects.toBeInstanceOf(
      InternalServerError,
    );
  });

  it('forgets a welcome by the same key', async () => {
    ddb.on(DeleteCommand).resolves({});
    await table.forgetWelcome('lobby', 'ADA');
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'BOT#welcome#lobby#ada', sk: 'BOT' },
    });
  });
});

describe('BotTable heartbeat', () => {
  it('writes the time it handled an event and reads it back', async () => {
    ddb.on(PutCommand).resolves({});
    await table.recordHeartbeat(new Date('2024-05-01T12:00:00.000Z'));
    expect(lastPut()).toEqual({
      TableName: 'chatty',
      Item: { pk: 'BOT#heartbeat#latest', sk: 'BOT', at: '2024-05-01T12:00:00.000Z' },
    });

    ddb.on(GetCommand, { Key: { pk: 'BOT#heartbeat#latest', sk: 'BOT' } }).resolves({
      Item: { pk: 'BOT#heartbeat#latest', sk: 'BOT', at: '2024-05-01T12:00:00.000Z' },
    });
    expect(await table.lastHeartbeat()).toBe('2024-05-01T12:00:00.000Z');
  });

  it('writes the heartbeat at most once a minute per instance (staleness is 15 minutes), and again after a failed write', async () => {
    const fresh = new BotTable(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      'chatty',
    );
    ddb
      .on(PutCommand)
      .rejectsOnce(new InternalServerError({ message: 'throttled', $metadata: {} }))
      .resolves({});
    const at = (s: number) => new Date(Date.parse('2024-05-01T12:00:00.000Z') + s * 1000);
    await expect(fresh.recordHeartbeat(at(0))).rejects.toThrow('throttled');
    await fresh.recordHeartbeat(at(1));
    await fresh.recordHeartbeat(at(30));
    await fresh.recordHeartbeat(at(61.5));
    const written = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item?.at);
    expect(written).toEqual([at(0).toISOString(), at(1).toISOString(), at(61.5).toISOString()]);
  });

  it('has no heartbeat before the bot handled anything', async () => {
    ddb.on(GetCommand).resolves({});
    expect(await table.lastHeartbeat()).toBeUndefined();
  });
});

describe('BotTable weather cache', () => {
  const entry: CachedWeather = {
    fetchedAt: '2024-05-01T12:00:00.000Z',
    report: { place: 'New York', state: 'NY', temperatureF: 61, conditions: 'clear sky' },
  };

  it('stores a report per zip with a TTL from now', async () => {
    vi.useFakeTimers({ now: NOW * 1000 + 400, toFake: ['Date'] });
    ddb.on(PutCommand).resolves({});
    await table.put('10001', entry, 600);
    expect(lastPut()).toEqual({
      TableName: 'chatty',
      Item: { pk: 'BOT#weather#10001', sk: 'BOT', entry, expiresAt: NOW + 600 },
    });
  });

  it('returns the cached report, or null when there is none', async () => {
    ddb.on(GetCommand, { Key: { pk: 'BOT#weather#10001', sk: 'BOT' } }).resolves({
      Item: { pk: 'BOT#weather#10001', sk: 'BOT', entry },
    });
    ddb.on(GetCommand, { Key: { pk: 'BOT#weather#99999', sk: 'BOT' } }).resolves({});
    expect(await table.get('10001')).toEqual(entry);
    expect(await table.get('99999')).toBeNull();
  });
});
