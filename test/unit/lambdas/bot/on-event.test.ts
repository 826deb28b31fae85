import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReplyFailedError } from '../../../../lambdas/adapters/bot-api';
import { captureEmf, declaredMetrics, type EmfDocument } from '../adapters/emf';

const ddb = mockClient(DynamoDBDocumentClient);
const secrets = mockClient(SecretsManagerClient);
const scheduler = mockClient(SchedulerClient);

interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The HTTP API as the bot sees it: a real loopback server that records requests and answers `status`. */
const recorded: Recorded[] = [];
let status = 201;
const api = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    recorded.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      status === 201
        ? JSON.stringify({ message: { messageId: 'reply-1' } })
        : JSON.stringify({ error: { code: 'Internal', message: 'boom' } }),
    );
  });
});

type Handler = (event: unknown, context?: { getRemainingTimeInMillis(): number }) => Promise<void>;
let handler: Handler;

beforeAll(async () => {
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const { port } = api.address() as AddressInfo;
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBOTUNIT',
    AWS_SECRET_ACCESS_KEY: 'bot-unit-secret',
    TABLE_NAME: 'chatty-unit',
    HTTP_API_URL: `http://127.0.0.1:${port}/`,
    SCHEDULER_GROUP: 'chatty',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
    EVENT_BUS_ARN: 'arn:aws:events:us-east-1:123456789012:event-bus/chatty',
    OMDB_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:omdb',
    WEATHER_API_URL: 'http://127.0.0.1:9',
    GEOCODER_API_URL: 'http://127.0.0.1:9',
    MOVIE_API_URL: 'http://127.0.0.1:9',
    EXTERNAL_TIMEOUT_MS: '1000',
    POWERTOOLS_SERVICE_NAME: 'chatty-unit',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  ({ handler } = (await import('../../../../lambdas/bot/on-event')) as { handler: Handler });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
});

/** The EMF documents (one JSON line per flush) the handler wrote to stdout. */
let emf: EmfDocument[];
beforeEach(() => {
  for (const m of [ddb, secrets, scheduler]) m.reset();
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  secrets.on(GetSecretValueCommand).rejects(
    new ResourceNotFoundException({
      message: 'Secrets Manager can’t find the secret value',
      $metadata: {},
    }),
  );
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:::schedule/x' });
  recorded.length = 0;
  status = 201;
  emf = captureEmf();
});
afterEach(() => vi.restoreAllMocks());

const messagePosted = (text: string, messageId = 'm-1') => ({
  version: '0',
  id: `event-${messageId}`,
  'detail-type': 'MessagePosted',
  source: 'chatty',
  detail: {
    messageId,
    roomId: 'lobby',
    sender: 'Ada',
    text,
    createdAt: new Date(Date.now() - 50).toISOString(),
  },
});

const memberJoined = (id: string, name = 'Ada', roomId = 'lobby') => ({
  version: '0',
  id,
  'detail-type': 'MemberJoined',
  source: 'chatty',
  detail: { roomId, name },
});

const putsOf = (pkPrefix: string) =>
  ddb
    .commandCalls(PutCommand)
    .map((c) => c.args[0].input)
    .filter((input) => String(input.Item?.pk).startsWith(pkPrefix));

const metricNames = () =>
  emf.flatMap((doc) => Object.keys(doc).filter((k) => !['_aws', 'service'].includes(k)));

describe('the bot handler', () => {
  it('claims the event, posts a SigV4-signed reply carrying the correlation id, then marks it answered', async () => {
    await handler(messagePosted('thanks pyro'));

    expect(recorded).toHaveLength(1);
    const [request] = recorded;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/bot/rooms/lobby/messages');
    expect(JSON.parse(request?.body ?? '')).toEqual({ text: "You're welcome, Ada!" });
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDBOTUNIT\/\d{8}\/us-east-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(request?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(request?.headers['x-correlation-id']).toBe('m-1');

    expect(putsOf('BOT#reply#')[0]).toMatchObject({
      Item: { pk: 'BOT#reply#message#m-1', state: 'claimed' },
      ConditionExpression: expect.stringContaining('attribute_not_exists(pk)'),
    });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'BOT#reply#message#m-1', sk: 'BOT' },
      ExpressionAttributeValues: { ':done': 'done' },
    });
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('holds its claim until the invocation’s deadline, read from the Lambda context, so a retry after a timeout can answer', async () => {
    const before = Date.now();
    await handler(messagePosted('hi pyro', 'm-deadline'), { getRemainingTimeInMillis: () => 14_000 });
    const lease = putsOf('BOT#reply#')[0]?.Item?.leaseUntilMs as number;
    expect(lease).toBeGreaterThanOrEqual(before + 14_000);
    expect(lease).toBeLessThanOrEqual(Date.now() + 14_000);
  });

  it('records a heartbeat for every event, even one it does not answer', async () => {
    await handler(messagePosted('I think pyro is great'));
    expect(recorded).toHaveLength(0);
    expect(putsOf('BOT#heartbeat#')[0]?.Item?.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // Not addressed to Pyro: claimed, nothing to say, and still marked answered so a retry stays quiet.
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('counts a reply and its latency since the message was posted in one EMF document', async () => {
    await handler(messagePosted('hi pyro'));
    expect(emf).toHaveLength(1);
    const [doc] = emf;
    expect(doc?.BotReplies).toBe(1);
    expect(typeof doc?.BotLatency).toBe('number');
    expect(doc?.BotLatency as number).toBeGreaterThanOrEqual(0);
    expect(doc?._aws.CloudWatchMetrics[0]?.Namespace).toBe('Chatty');
    expect(declaredMetrics(doc)).toEqual(['BotLatency', 'BotReplies']);
  });

  it('posts nothing for a second delivery of the same event', async () => {
    ddb
      .on(PutCommand, { Item: { pk: 'BOT#reply#message#m-2' } })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    await handler(messagePosted('hi pyro', 'm-2'));
    expect(recorded).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
    expect(metricNames()).toEqual([]);
  });

  it('releases the claim and throws ReplyFailedError when the HTTP API does not answer 201', async () => {
    status = 500;
    await expect(handler(messagePosted('hi pyro', 'm-3'))).rejects.toBeInstanceOf(ReplyFailedError);
    expect(recorded).toHaveLength(1);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({
      pk: 'BOT#reply#message#m-3',
      sk: 'BOT',
    });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(metricNames()).toEqual(['BotErrors']);
  });

  it('rethrows the reply error even when releasing the claim fails too', async () => {
    status = 502;
    ddb.on(DeleteCommand).rejects(new Error('table unavailable'));
    await expect(handler(messagePosted('hi pyro', 'm-6'))).rejects.toBeInstanceOf(ReplyFailedError);
  });

  it('neither releases nor throws when only marking a posted reply answered fails, so it is not posted twice', async () => {
    ddb.on(UpdateCommand).rejects(new Error('throttled'));
    await handler(messagePosted('hi pyro', 'm-7'));
    expect(recorded).toHaveLength(1);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
    expect(metricNames()).not.toContain('BotErrors');
  });

  it('leaves BotLatency out when the message carries no usable creation time', async () => {
    const event = messagePosted('hi pyro', 'm-8');
    event.detail.createdAt = 'not a date';
    await handler(event);
    expect(metricNames()).toEqual(['BotReplies']);
  });

  it('tells people how to configure movies when the OMDb secret has no value yet', async () => {
    await handler(messagePosted('pyro movie Alien'));
    expect(JSON.parse(recorded[0]?.body ?? '').text).toMatch(/no OMDb API key is configured/);
  });

  it('fails the event (and releases its claim) when Secrets Manager fails for another reason', async () => {
    secrets.on(GetSecretValueCommand).rejects(new InternalServiceError({ message: 'down', $metadata: {} }));
    await expect(handler(messagePosted('pyro movie Alien', 'm-4'))).rejects.toBeInstanceOf(
      InternalServiceError,
    );
    expect(recorded).toHaveLength(0);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.Key?.pk).toBe('BOT#reply#message#m-4');
  });

  it('schedules a reminder with EventBridge Scheduler and confirms it in the room', async () => {
    await handler(messagePosted('pyro remind me in 10 minutes to stretch', 'm-5'));
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      GroupName: 'chatty',
      ScheduleExpression: expect.stringMatching(/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/),
      Target: { Arn: 'arn:aws:events:us-east-1:123456789012:event-bus/chatty' },
    });
    expect(recorded).toHaveLength(1);
  });

  it('answers a due reminder once, keyed by its reminder id', async () => {
    await handler({
      id: 'ev-r',
      'detail-type': 'ReminderDue',
      detail: { roomId: 'lobby', name: 'Ada', text: 'stretch', reminderId: 'r-1' },
    });
    expect(putsOf('BOT#reply#')[0]?.Item?.pk).toBe('BOT#reply#reminder#r-1');
    expect(recorded[0]?.headers['x-correlation-id']).toBe('r-1');
    expect(JSON.parse(recorded[0]?.body ?? '').text).toContain('stretch');
  });

  it('welcomes a person joining a room the first time within the hour', async () => {
    await handler(memberJoined('ev-j1', 'Bea', 'games'));
    expect(putsOf('BOT#welcome#')[0]?.Item).toMatchObject({ pk: 'BOT#welcome#games#bea' });
    expect(recorded[0]?.path).toBe('/bot/rooms/games/messages');
    expect(JSON.parse(recorded[0]?.body ?? '').text).toMatch(/Welcome to #games, Bea/);
  });

  it('stays quiet for someone welcomed within the hour, but still marks the event answered', async () => {
    ddb
      .on(PutCommand, { Item: { pk: 'BOT#welcome#lobby#ada' } })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    await handler(memberJoined('ev-j2'));
    expect(recorded).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.Key?.pk).toBe('BOT#reply#joined#ev-j2');
  });

  it('forgets the welcome when posting it failed, so the retry welcomes again', async () => {
    status = 503;
    await expect(handler(memberJoined('ev-j3', 'Cy'))).rejects.toBeInstanceOf(ReplyFailedError);
    const deleted = ddb.commandCalls(DeleteCommand).map((c) => c.args[0].input.Key?.pk);
    expect(deleted).toEqual(['BOT#reply#joined#ev-j3', 'BOT#welcome#lobby#cy']);
  });

  it('ignores an event of an unexpected type or shape apart from the heartbeat', async () => {
    await handler({ id: 'ev-x', 'detail-type': 'Mystery', detail: {} });
    await handler({ id: 'ev-y', 'detail-type': 'MemberJoined', detail: { roomId: 'lobby' } });
    expect(recorded).toHaveLength(0);
    expect(putsOf('BOT#reply#')).toHaveLength(0);
    expect(putsOf('BOT#heartbeat#')).toHaveLength(2);
  });
});
