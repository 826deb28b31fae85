import {
  ApiGatewayManagementApiClient,
  ForbiddenException,
  GetConnectionCommand,
  GoneException,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, InternalException, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makeDeepHealthHandler } from '../../../../lambdas/health/deep.handler';
import { BUS, tableOnMockedClient } from '../adapters/mocked-clients';
import { roomItem } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const events = mockClient(EventBridgeClient);
const gateway = mockClient(ApiGatewayManagementApiClient);

const { access, rooms, bot } = tableOnMockedClient('access', 'rooms', 'bot');
const handler = makeDeepHealthHandler({
  table: access,
  rooms,
  bot,
  bus: { client: new EventBridgeClient({ region: 'us-east-1' }), name: BUS },
  sockets: new ApiGatewayManagementApiClient({
    region: 'us-east-1',
    endpoint: 'https://abc123.example/live',
  }),
  version: '9.9.9',
  clock: systemClock,
});

/** What the bot's heartbeat item says (undefined: no heartbeat yet). */
let heartbeat: string | undefined;
const SECRETISH =
  'Requested resource not found: Table: arn:aws:dynamodb:us-east-1:123456789012:table/chatty-unit';

beforeEach(() => {
  for (const m of [ddb, events, gateway]) m.reset();
  heartbeat = new Date(Date.now() - 60_000).toISOString();
  ddb.on(PutCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
    if (input.Key.pk.startsWith('HEALTH#')) return { Item: input.Key };
    if (input.Key.pk === 'BOT#heartbeat#latest')
      return heartbeat ? { Item: { ...input.Key, at: heartbeat } } : {};
    return {};
  });
  ddb.on(QueryCommand, { KeyConditionExpression: 'pk = :pk' }).resolves({ Items: [roomItem('games')] });
  ddb.on(QueryCommand, { IndexName: 'byRoom' }).resolves({ Count: 2 });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
  gateway.on(GetConnectionCommand).rejects(new GoneException({ message: 'gone', $metadata: {} }));
});

async function check() {
  const result = await handler();
  return { ...result, json: JSON.parse(result.body) };
}

describe('GET /health/deep', () => {
  it('answers 200 with every check ok, the counts and the version, never cached', async () => {
    const result = await check();
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    expect(result.json).toMatchObject({
      status: 'ok',
      version: '9.9.9',
      checks: {
        table: { ok: true },
        bus: { ok: true },
        sockets: { ok: true },
        bot: { ok: true, lastHandledAt: heartbeat, ageSeconds: 60 },
      },
      // The lobby plus one stored room, two sockets online in each.
      counts: { rooms: 2, socketsOnline: 4 },
    });
    expect(new Date(result.json.time).toISOString()).toBe(result.json.time);
  });

  it('answers 503 naming ResourceNotFoundException when the table is missing, without its message', async () => {
    ddb.on(PutCommand).rejects(new ResourceNotFoundException({ message: SECRETISH, $metadata: {} }));
    const result = await check();
    expect(result.statusCode).toBe(503);
    expect(result.json.status).toBe('failing');
    expect(result.json.checks.table).toEqual({
      ok: false,
      latencyMs: expect.any(Number),
      error: 'ResourceNotFoundException',
    });
    expect(result.json.counts).toBeNull();
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
    const result = await check();
    expect(result.statusCode).toBe(503);
    expect(result.json.checks.sockets).toMatchObject({ ok: false, error: 'ForbiddenException' });
  });

  it('answers 503 when the bot last handled an event more than 15 minutes ago', async () => {
    heartbeat = new Date(Date.now() - 16 * 60_000).toISOString();
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

  it('still answers 200 without counts when only counting fails', async () => {
    ddb.on(QueryCommand, { IndexName: 'byRoom' }).rejects(new Error('throttled'));
    const result = await check();
    expect(result.statusCode).toBe(200);
    expect(result.json.counts).toBeNull();
  });
});
