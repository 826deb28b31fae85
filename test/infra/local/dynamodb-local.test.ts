import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  corsAllowList,
  type DynamoDbLocal,
  ensureTable,
  parseJavaVersion,
  startDynamoDbLocal,
} from '../../../infra/local/dynamodb-local';
import { localCredentials } from '../../../infra/local/types';
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

describe('corsAllowList', () => {
  it('joins the origins with commas, and allows none (not DynamoDB Local’s default `*`) for an empty list', () => {
    expect(corsAllowList(['http://127.0.0.1:8080', 'http://localhost:8080'])).toBe(
      'http://127.0.0.1:8080,http://localhost:8080',
    );
    expect(corsAllowList([])).toBe('');
  });

  it('refuses a wildcard or anything that is not one origin', () => {
    for (const bad of ['*', 'http://a.example,http://b.example', 'http://a.example/path', 'a.example', '']) {
      expect(() => corsAllowList([bad])).toThrow(/is not an origin/);
    }
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

const pageOrigin = 'http://127.0.0.1:8080';

describe('DynamoDB Local and ensureTable', () => {
  let db: DynamoDbLocal;
  beforeAll(async () => {
    db = await startDynamoDbLocal({ dataDir: null, allowOrigins: [pageOrigin, 'http://localhost:8080'] });
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
    // The Presence function's stream (infra/spec.ts presenceStream).
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.LatestStreamArn).toMatch(/^arn:aws:dynamodb:.*:table\/chatty-a\/stream\//);
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

  it('turns TTL and the stream on for a table whose creation was interrupted, or made before the stream', async () => {
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
    // A table from before the stream existed (a kept data dir) gets it too.
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: 'chatty-c' }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    await db.client.send(new DeleteTableCommand({ TableName: 'chatty-c' }));
  });
});

describe('DynamoDB Local’s CORS', () => {
  let db: DynamoDbLocal;
  beforeAll(async () => {
    db = await startDynamoDbLocal({ dataDir: null, allowOrigins: [pageOrigin] });
  });
  afterAll(async () => {
    await db?.close();
  });

  // What a browser sends before its SDK's POST: the x-amz-target header makes every DynamoDB call preflighted.
  const preflight = (origin: string) =>
    fetch(db.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-amz-date,x-amz-target',
      },
    });
  // DynamoDB Local checks no signature: any Authorization naming a key is served.
  const listTables = (origin: string) =>
    fetch(db.url, {
      method: 'POST',
      headers: {
        origin,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization: `AWS4-HMAC-SHA256 Credential=${localCredentials.accessKeyId}/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: '{}',
    });

  it('lets the page’s origin through a preflight and read the answer', async () => {
    const answer = await preflight(pageOrigin);
    expect(answer.headers.get('access-control-allow-origin')).toBe(pageOrigin);
    expect(answer.headers.get('access-control-allow-headers')).toContain('x-amz-target');
    const call = await listTables(pageOrigin);
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBe(pageOrigin);
  });

  it('gives any other origin no access-control-allow-origin, so a browser neither sends nor reads its calls', async () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:9999', 'http://localhost:8080', 'null']) {
      expect({
        origin,
        allowed: (await preflight(origin)).headers.get('access-control-allow-origin'),
      }).toEqual({
        origin,
        allowed: null,
      });
      expect({
        origin,
        allowed: (await listTables(origin)).headers.get('access-control-allow-origin'),
      }).toEqual({
        origin,
        allowed: null,
      });
    }
  });
});

describe('DynamoDB Local’s files', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chatty-dynamodb-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('are readable by their owner only (files 0600 in a 0700 directory), also those an earlier run left open', async () => {
    const dir = join(dataDir, 'dynamodb');
    // As an earlier version left them: a world-readable directory and file.
    await mkdir(dir);
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'left-by-an-earlier-run.db'), 'x');
    await chmod(join(dir, 'left-by-an-earlier-run.db'), 0o644);
    const db = await startDynamoDbLocal({ dataDir: dir });
    try {
      await ensureTable(db.client, 'chatty', table);
    } finally {
      await db.close();
    }
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const files = await readdir(dir);
    expect(files).toContain('shared-local-instance.db');
    for (const file of files) {
      expect({ file, mode: ((await stat(join(dir, file))).mode & 0o777).toString(8) }).toEqual({
        file,
        mode: '600',
      });
    }
  });
});
