import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type DynamoDbLocal,
  ensureTable,
  parseJavaVersion,
  startDynamoDbLocal,
} from '../../../infra/local/dynamodb-local';
import { table } from '../../../infra/spec';

describe('parseJavaVersion', () => {
  it('reads the major version of modern and legacy `java -version` output', () => {
    expect(parseJavaVersion('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment')).toBe(17);
    expect(parseJavaVersion('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaVersion('openjdk version "22-ea" 2024-03-19')).toBe(22);
    expect(parseJavaVersion('java version "1.8.0_292"')).toBe(8);
    expect(parseJavaVersion('java version "11.0.2" 2019-01-15 LTS')).toBe(11);
  });

  it('finds nothing in output that names no version', () => {
    expect(parseJavaVersion('bash: java: command not found')).toBeUndefined();
  });
});

describe('startDynamoDbLocal without Java', () => {
  it('says Java 17+ is needed when there is no java on the PATH', async () => {
    vi.stubEnv('PATH', '/nonexistent');
    try {
      await expect(startDynamoDbLocal({ dataDir: null })).rejects.toThrow(/Java was not found.*Java 17/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('DynamoDB Local and ensureTable', () => {
  let db: DynamoDbLocal;
  beforeAll(async () => {
    db = await startDynamoDbLocal({ dataDir: null });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates the spec table with its keys, GSI and TTL', async () => {
    await ensureTable(db.client, 'chatty-a', table);
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: 'chatty-a' }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.AttributeDefinitions).toEqual(
      expect.arrayContaining(
        ['pk', 'sk', 'roomPk', 'roomSk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      ),
    );
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(
      Table?.GlobalSecondaryIndexes?.map((g) => ({
        name: g.IndexName,
        keys: g.KeySchema,
        projection: g.Projection,
      })),
    ).toEqual([
      {
        name: 'byRoom',
        keys: [
          { AttributeName: 'roomPk', KeyType: 'HASH' },
          { AttributeName: 'roomSk', KeyType: 'RANGE' },
        ],
        projection: { ProjectionType: 'ALL' },
      },
    ]);
    const ttl = await db.client.send(new DescribeTimeToLiveCommand({ TableName: 'chatty-a' }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
  });

  it('leaves an existing table and its items alone when called again', async () => {
    await ensureTable(db.client, 'chatty-b', table);
    await db.client.send(
      new PutItemCommand({ TableName: 'chatty-b', Item: { pk: { S: 'K' }, sk: { S: 'S' } } }),
    );
    await ensureTable(db.client, 'chatty-b', table);
    const { Item } = await db.client.send(
      new GetItemCommand({ TableName: 'chatty-b', Key: { pk: { S: 'K' }, sk: { S: 'S' } } }),
    );
    expect(Item).toEqual({ pk: { S: 'K' }, sk: { S: 'S' } });
  });

  it('turns TTL on for a table whose creation was interrupted before TTL was set', async () => {
    await db.client.send(
      new CreateTableCommand({
        TableName: 'chatty-c',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    await ensureTable(db.client, 'chatty-c', table);
    const ttl = await db.client.send(new DescribeTimeToLiveCommand({ TableName: 'chatty-c' }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
    await db.client.send(new DeleteTableCommand({ TableName: 'chatty-c' }));
  });
});
