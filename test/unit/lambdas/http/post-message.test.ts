import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { cachedSecret } from '../../../../lambdas/adapters/secrets';
import { makePostMessageHandler } from '../../../../lambdas/http/post-message.handler';
import { only } from '../../../lists';
import {
  busOnMockedClient,
  messageRateOnMockedClient,
  SECRET_ARN,
  socketsOnMockedClient,
  TABLE,
  tableOnMockedClient,
} from '../adapters/mocked-clients';
import {
  ACCOUNT_TOKEN,
  bearer,
  bodyOf,
  connectionItem,
  httpEvent,
  identityCheck,
  roomItem,
  TOKEN_KEY,
} from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const events = mockClient(EventBridgeClient);
const secrets = mockClient(SecretsManagerClient);
const handler = makePostMessageHandler({
  ...tableOnMockedClient('messages', 'rooms', 'connections'),
  rateLimiter: messageRateOnMockedClient(),
  sockets: socketsOnMockedClient(),
  bus: busOnMockedClient(),
  identityCheck: identityCheck({
    guestKey: cachedSecret(new SecretsManagerClient({ region: 'us-east-1' }), SECRET_ARN),
  }),
  clock: systemClock,
  // What infra/spec.ts configures: MESSAGE_TTL_HOURS = 48.
  messageTtlSeconds: 48 * 3600,
});

beforeEach(() => {
  for (const m of [ddb, api, events, secrets]) m.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN_KEY });
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#general' } }).resolves({ Item: roomItem('general') });
  ddb.on(PutCommand).resolves({});
  ddb.on(DeleteCommand).resolves({});
  ddb.on(QueryCommand).resolves({
    Items: [connectionItem('c-ada=', 'general', 'Ada'), connectionItem('c-bob=', 'general', 'Bob')],
  });
  api.on(PostToConnectionCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

function post(options: { body?: string; authorization?: string; roomId?: string }) {
  return handler(
    httpEvent('POST /rooms/{roomId}/messages', {
      body: options.body,
      authorization: options.authorization,
      pathParameters: { roomId: options.roomId ?? 'general' },
    }),
  );
}

function messagePuts() {
  return ddb
    .commandCalls(PutCommand)
    .map((c) => c.args[0].input)
    .filter((input) => String(input.Item?.sk).startsWith('MSG#'));
}

describe('POST /rooms/{roomId}/messages', () => {
  it('answers 201 with the stored message, its sender and sender type taken from the token and never the body', async () => {
    const result = await post({
      body: '{"text":" hello ","sender":"Mallory","senderType":"bot"}',
      authorization: bearer('Ada'),
    });

    expect(result.statusCode).toBe(201);
    const { message } = bodyOf(result) as { message: { messageId: string; createdAt: string } };
    expect(message).toEqual({
      messageId: expect.stringMatching(/^\d{13}-[0-9a-f]{10}$/),
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hello',
      createdAt: expect.stringMatching(/Z$/),
    });
    const put = only(messagePuts(), 'message put');
    expect(put.TableName).toBe(TABLE);
    expect(put.Item).toMatchObject({ pk: 'ROOM#general', sk: `MSG#${message.messageId}`, ...message });
    // MESSAGE_TTL_HOURS = 48.
    expect(put.Item?.expiresAt).toBe(Math.floor(Date.parse(message.createdAt) / 1000) + 48 * 3600);
  });

  it("posts as an account's username with senderType user for a Cognito access token", async () => {
    const result = await post({
      body: '{"text":"from my account","senderType":"guest"}',
      authorization: `Bearer ${ACCOUNT_TOKEN}`,
    });
    expect(result.statusCode).toBe(201);
    expect(bodyOf(result)).toMatchObject({
      message: { sender: 'grace', senderType: 'user', text: 'from my account' },
    });
    expect(only(messagePuts(), 'message put').Item).toMatchObject({ sender: 'grace', senderType: 'user' });
  });

  it('answers 401 for an access token the pool does not vouch for, or whose sign-in has signed out', async () => {
    const forged = await post({ body: '{"text":"hi"}', authorization: 'Bearer forged.access.token' });
    expect(forged.statusCode).toBe(401);
    expect(bodyOf(forged)).toMatchObject({ error: { code: 'unauthorized' } });
    const signedOut = makePostMessageHandler({
      ...tableOnMockedClient('messages', 'rooms', 'connections'),
      rateLimiter: messageRateOnMockedClient(),
      sockets: socketsOnMockedClient(),
      bus: busOnMockedClient(),
      identityCheck: identityCheck({ revoked: { isRevoked: async () => true } }),
      clock: systemClock,
      messageTtlSeconds: 48 * 3600,
    });
    const refused = await signedOut(
      httpEvent('POST /rooms/{roomId}/messages', {
        body: '{"text":"hi"}',
        authorization: `Bearer ${ACCOUNT_TOKEN}`,
        pathParameters: { roomId: 'general' },
      }),
    );
    expect(refused.statusCode).toBe(401);
    expect(bodyOf(refused)).toMatchObject({
      error: { code: 'unauthorized', message: expect.stringContaining('signed out') },
    });
    expect(messagePuts()).toEqual([]);
  });

  it('fans the message out to the room and publishes MessagePosted', async () => {
    const result = await post({ body: '{"text":"hi Pyro"}', authorization: bearer('Ada') });
    const { message } = bodyOf(result) as { message: object };

    const posts = api.commandCalls(PostToConnectionCommand).map((c) => c.args[0].input);
    expect(posts.map((p) => p.ConnectionId).sort()).toEqual(['c-ada=', 'c-bob=']);
    expect(JSON.parse(String(posts[0]?.Data))).toEqual({ type: 'message', message });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.IndexName).toBe('byRoom');

    const entries = only(events.commandCalls(PutEventsCommand), 'PutEvents call').args[0].input.Entries;
    expect(entries).toEqual([
      {
        EventBusName: 'chatty',
        Source: 'chatty',
        DetailType: 'MessagePosted',
        // With the room's visibility (issue 16), so consumers keep a private room's words in it.
        Detail: JSON.stringify({ ...message, visibility: 'public' }),
      },
    ]);
  });

  it('deletes a connection whose socket has gone and still answers 201', async () => {
    api
      .on(PostToConnectionCommand, { ConnectionId: 'c-bob=' })
      .rejects(new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }));
    const result = await post({ body: '{"text":"hi"}', authorization: bearer('Ada') });
    expect(result.statusCode).toBe(201);
    expect(ddb.commandCalls(DeleteCommand).map((c) => c.args[0].input.Key)).toEqual([
      { pk: 'CONN#c-bob=', sk: 'CONN' },
    ]);
  });

  it('answers 201 when the message is stored but the bus refuses it', async () => {
    events
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    const result = await post({ body: '{"text":"hi"}', authorization: bearer('Ada') });
    expect(result.statusCode).toBe(201);
    expect(messagePuts()).toHaveLength(1);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty Bearer', 'Bearer '],
    ['another scheme', 'Basic QWRhOnB3'],
    ['a garbage token', 'Bearer not.a-token'],
    ['a token signed with another key', bearer('Ada', Date.now(), 'another-key')],
  ])('answers 401 unauthorized for %s', async (_label, authorization) => {
    const result = await post({ body: '{"text":"hi"}', authorization });
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(messagePuts()).toEqual([]);
  });

  it('answers 401 token_expired for an expired token', async () => {
    const result = await post({
      body: '{"text":"hi"}',
      authorization: bearer('Ada', Date.now() - 13 * 3600 * 1000),
    });
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'token_expired' } });
  });

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    const result = await post({ body: 'text=hi', authorization: bearer('Ada') });
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('answers 404 room_not_found for an unknown room', async () => {
    const result = await post({ body: '{"text":"hi"}', authorization: bearer('Ada'), roomId: 'nowhere' });
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({
      error: { code: 'room_not_found', message: 'There is no room "nowhere"' },
    });
    expect(messagePuts()).toEqual([]);
  });

  it('answers 400 invalid_text for a text over 2000 characters', async () => {
    const result = await post({
      body: JSON.stringify({ text: 'x'.repeat(2001) }),
      authorization: bearer('Ada'),
    });
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'invalid_text' } });
  });

  it('answers 429 rate_limited when the sender has used up the burst, storing nothing', async () => {
    // Both conditional updates of the limiter fail: the bucket is empty.
    ddb
      .on(UpdateCommand, { Key: { pk: 'RATE#send#guest#Ada', sk: 'RATE' } })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const result = await post({ body: '{"text":"hi"}', authorization: bearer('Ada') });
    expect(result.statusCode).toBe(429);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'rate_limited' } });
    expect(messagePuts()).toEqual([]);
  });

  it('answers 500 without a stack trace or SDK details when the table fails', async () => {
    ddb
      .on(PutCommand)
      .rejects(
        new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds', $metadata: {} }),
      );
    const result = await post({ body: '{"text":"hi"}', authorization: bearer('Ada') });
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(result.body).not.toMatch(/Provisioned|Rate of requests|at \S+:\d+/);
  });
});
