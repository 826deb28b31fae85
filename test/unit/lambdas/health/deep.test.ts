import {
  ApiGatewayManagementApiClient,
  ForbiddenException,
  GetConnectionCommand,
  GoneException,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ConditionalCheckFailedException, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, InternalException, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { HealthTable } from '../../../../lambdas/adapters/health-table';
import { makeDeepHealthHandler } from '../../../../lambdas/health/deep.handler';
import { BUS, TABLE, tableOnMockedClient } from '../adapters/mocked-clients';

const ddb = mockClient(DynamoDBDocumentClient);
const events = mockClient(EventBridgeClient);
const gateway = mockClient(ApiGatewayManagementApiClient);

const { access, bot } = tableOnMockedClient('access', 'bot');
const T0 = Date.parse('2024-05-01T12:00:00.000Z');
const clock = { nowMs: T0, now: () => clock.nowMs };

/** A fresh instance (its own memory of the last report), as a new Lambda execution environment would be. */
const newInstance = () =>
  makeDeepHealthHandler({
    reports: new HealthTable(access.doc, access.tableName),
    bot,
    bus: { client: new EventBridgeClient({ region: 'us-east-1' }), name: BUS },
    sockets: new ApiGatewayManagementApiClient({
      region: 'us-east-1',
      endpoint: 'https://abc123.example/live',
    }),
    version: '9.9.9',
    clock,
  });

/** What the bot's heartbeat item says (undefined: no heartbeat yet). */
let heartbeat: string | undefined;
/** The HEALTH item, as the mocked table keeps it: claim and save apply their updates when their condition holds. */
let healthItem: Record<string, unknown> | undefined;
const SECRETISH =
  'Requested resource not found: Table: arn:aws:dynamodb:us-east-1:123456789012:table/chatty-unit';

beforeEach(() => {
  for (const m of [ddb, events, gateway]) m.reset();
  clock.nowMs = T0;
  heartbeat = new Date(T0 - 60_000).toISOString();
  healthItem = undefined;
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
    if (input.Key.pk === 'HEALTH') return healthItem ? { Item: { ...healthItem } } : {};
    if (input.Key.pk === 'BOT#heartbeat#latest')
      return heartbeat ? { Item: { ...input.Key, at: heartbeat } } : {};
    return {};
  });
  ddb.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => {
    const values = input.ExpressionAttributeValues;
    if (':staleBefore' in values) {
      const item = healthItem ?? {};
      const stale =
        typeof item.checkedAtMs !== 'number' || item.checkedAtMs <= Number(values[':staleBefore']);
      const free = typeof item.claimUntilMs !== 'number' || item.claimUntilMs < Number(values[':now']);
      if (!stale || !free) throw new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });
      healthItem = {
        pk: 'HEALTH',
        sk: 'DEEP',
        ...item,
        claimId: values[':claimId'],
        claimUntilMs: values[':until'],
      };
    } else {
      if (!healthItem || healthItem.claimId !== values[':claimId']) {
        throw new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });
      }
      const { claimUntilMs: _released, ...rest } = healthItem;
      healthItem = { ...rest, report: values[':report'], checkedAtMs: values[':checkedAtMs'] };
    }
    return {};
  });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
  gateway.on(GetConnectionCommand).rejects(new GoneException({ message: 'gone', $metadata: {} }));
});

async function check(handler = newInstance()) {
  const result = await handler();
  return { ...result, json: JSON.parse(result.body) };
}

describe('GET /health/deep', () => {
  it('answers 200 with every check ok, checkedAt and the version, never cached by HTTP', async () => {
    const result = await check();
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    expect(result.json).toEqual({
      status: 'ok',
      version: '9.9.9',
      time: '2024-05-01T12:00:00.000Z',
      checkedAt: '2024-05-01T12:00:00.000Z',
      checks: {
        table: { ok: true, latencyMs: expect.any(Number) },
        bus: { ok: true, latencyMs: expect.any(Number) },
        sockets: { ok: true, latencyMs: expect.any(Number) },
        bot: { ok: true, latencyMs: expect.any(Number), lastHandledAt: heartbeat, ageSeconds: 60 },
      },
    });
  });

  it('probes once for two calls within 30 s, on two instances: the second reads the stored report', async () => {
    await check();
    clock.nowMs += 10_000;
    const second = await check(newInstance());
    expect(second.json.checkedAt).toBe('2024-05-01T12:00:00.000Z');
    expect(second.json.time).toBe('2024-05-01T12:00:10.000Z');
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(1);
    expect(gateway.commandCalls(GetConnectionCommand)).toHaveLength(1);
    // The second call: one read of the HEALTH item, no write, no query.
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(2);
    const healthReads = ddb.commandCalls(GetCommand).filter((c) => c.args[0].input.Key?.pk === 'HEALTH');
    expect(healthReads.map((c) => c.args[0].input.ConsistentRead)).toEqual([undefined, true, undefined]);
  });

  it('probes again once the stored report is stale', async () => {
    await check();
    clock.nowMs += 30_000;
    const later = await check(newInstance());
    expect(later.json.checkedAt).toBe('2024-05-01T12:00:30.000Z');
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(2);
  });

  it('answers 503 naming ResourceNotFoundException when the table is missing, without its message', async () => {
    ddb.on(GetCommand).rejects(new ResourceNotFoundException({ message: SECRETISH, $metadata: {} }));
    const result = await check();
    expect(result.statusCode).toBe(503);
    expect(result.json.status).toBe('failing');
    expect(result.json.checks.table).toEqual({
      ok: false,
      latencyMs: expect.any(Number),
      error: 'ResourceNotFoundException',
    });
    expect(result.body).not.toContain('arn:aws');
    expect(result.body).not.toContain('Requested resource');
  });

  it('answers 503 naming InternalException when the bus fails', async () => {
    events.on(PutEventsCommand).rejects(new InternalException({ message: 'x', $metadata: {} }));
    const result = await check();
    expect(result.statusCode).toBe(503);
    expect(result.json.checks.bus).toMatchObject({ ok: false, error: 'InternalException' });
    expect(result.json.checks.table.ok).toBe(true);
    expect(result.body).not.toMatch(/"message"/);
  });

  it('treats the sockets endpoint answering GoneException as healthy, and any other answer as failing', async () => {
    expect((await check()).json.checks.sockets.ok).toBe(true);
    gateway
      .on(GetConnectionCommand)
      .rejects(new ForbiddenException({ message: 'no ManageConnections', $metadata: {} }));
    clock.nowMs += 30_000;
    const result = await check();
    expect(result.statusCode).toBe(503);
    expect(result.json.checks.sockets).toMatchObject({ ok: false, error: 'ForbiddenException' });
  });

  it('answers 503 when the bot last handled an event more than 15 minutes ago', async () => {
    heartbeat = new Date(T0 - 16 * 60_000).toISOString();
    const result = await check();
    expect(result.statusCode).toBe(503);
    expect(result.json.checks.bot).toMatchObject({ ok: false, error: 'BotStale' });
  });

  it('is healthy for a bot that has not handled anything yet', async () => {
    heartbeat = undefined;
    const result = await check();
    expect(result.statusCode).toBe(200);
    expect(result.json.checks.bot).toMatchObject({ ok: true, lastHandledAt: null });
  });

  it('answers a stored failing report with 503 from another instance', async () => {
    events.on(PutEventsCommand).rejects(new InternalException({ message: 'x', $metadata: {} }));
    await check();
    const fromOther = await check(newInstance());
    expect(fromOther.statusCode).toBe(503);
    expect(fromOther.json.checks.bus).toMatchObject({ ok: false });
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(1);
  });
});

describe('the table it keeps the report in', () => {
  it('is the one HEALTH item of the table', async () => {
    await check();
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      TableName: TABLE,
      Key: { pk: 'HEALTH', sk: 'DEEP' },
    });
  });
});
