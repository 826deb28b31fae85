import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ConditionalCheckFailedException, InternalServerError } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReadMarkerTable } from '../../../../lambdas/adapters/read-marker-table';
import { makeMessageActionsHandler } from '../../../../lambdas/http/message-actions.handler';
import { bearerAuthenticate } from '../../../../lambdas/http/person';
import { only } from '../../../lists';
import {
  busOnMockedClient,
  socketsOnMockedClient,
  TABLE,
  tableOnMockedClient,
} from '../adapters/mocked-clients';
import { bearer, bodyOf, connectionItem, httpEvent, identityCheck, roomItem } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const events = mockClient(EventBridgeClient);
const allowed = { allow: true };
const { messages, rooms, connections, access } = tableOnMockedClient(
  'messages',
  'rooms',
  'connections',
  'access',
);
const handler = makeMessageActionsHandler({
  records: messages,
  rooms,
  connections,
  markers: new ReadMarkerTable(access.doc, TABLE),
  sockets: socketsOnMockedClient(),
  bus: busOnMockedClient(),
  rateLimiter: { tryTake: async () => allowed.allow },
  authenticate: bearerAuthenticate(identityCheck()),
  clock: { now: () => Date.now() },
  markerTtlSeconds: 48 * 3600,
});

const ID = '1714564800000-aaaaaaaaaa';
const later = () => Math.floor(Date.now() / 1000) + 3600;
const stored = () => ({
  pk: 'ROOM#general',
  sk: `MSG#${ID}`,
  messageId: ID,
  roomId: 'general',
  sender: 'Ada',
  senderType: 'guest',
  text: 'helo',
  createdAt: '2024-05-01T12:00:00.000Z',
  expiresAt: later(),
});
const refused = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const path = { roomId: 'general', messageId: ID };
const edit = (who: string, text = 'hello') =>
  httpEvent('PATCH /rooms/{roomId}/messages/{messageId}', {
    authorization: bearer(who),
    pathParameters: path,
    body: JSON.stringify({ text }),
  });

beforeEach(() => {
  ddb.reset();
  api.reset();
  events.reset();
  allowed.allow = true;
  api.on(PostToConnectionCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  ddb.on(QueryCommand).resolves({ Items: [connectionItem('c-grace', 'general', 'Grace')] });
});

describe('PATCH /rooms/{roomId}/messages/{messageId}', () => {
  it("edits the author's message: 200 with it, the room gets messageUpdated, the bus MessageEdited", async () => {
    ddb
      .on(UpdateCommand)
      .resolves({ Attributes: { ...stored(), text: 'hello', editedAt: '2024-05-01T12:05:00.000Z' } });
    const result = await handler(edit('Ada'));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result).message).toMatchObject({
      messageId: ID,
      text: 'hello',
      editedAt: '2024-05-01T12:05:00.000Z',
    });
    const post = only(api.commandCalls(PostToConnectionCommand)).args[0].input;
    expect(post.ConnectionId).toBe('c-grace');
    expect(JSON.parse(String(post.Data))).toMatchObject({
      type: 'messageUpdated',
      message: { text: 'hello' },
    });
    expect(only(events.commandCalls(PutEventsCommand)).args[0].input.Entries?.[0]?.DetailType).toBe(
      'MessageEdited',
    );
  });

  it("answers 403 forbidden for someone else's message (the refused write read back)", async () => {
    ddb.on(UpdateCommand).rejects(refused());
    ddb.on(GetCommand).resolves({ Item: stored() });
    const result = await handler(edit('Grace'));
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result)).toEqual({
      error: { code: 'forbidden', message: 'Only its author may edit a message' },
    });
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(0);
  });

  it('answers 404 message_not_found for an unknown or deleted message', async () => {
    ddb.on(UpdateCommand).rejects(refused());
    ddb.on(GetCommand).resolves({});
    expect((await handler(edit('Ada'))).statusCode).toBe(404);
    ddb.on(GetCommand).resolves({ Item: { ...stored(), text: undefined, deleted: true } });
    expect(bodyOf(await handler(edit('Ada')))).toMatchObject({ error: { code: 'message_not_found' } });
  });

  it('answers 401 without a token, 400 for bad JSON or text, 429 too fast, 500 when the table fails', async () => {
    expect((await handler({ ...edit('Ada'), headers: {} })).statusCode).toBe(401);
    expect(bodyOf(await handler({ ...edit('Ada'), body: '{' }))).toMatchObject({
      error: { code: 'invalid_json' },
    });
    expect(bodyOf(await handler(edit('Ada', ' ')))).toMatchObject({ error: { code: 'invalid_text' } });
    allowed.allow = false;
    expect((await handler(edit('Ada'))).statusCode).toBe(429);
    allowed.allow = true;
    ddb.on(UpdateCommand).rejects(new InternalServerError({ message: 'down', $metadata: {} }));
    expect(bodyOf(await handler(edit('Ada')))).toMatchObject({ error: { code: 'internal' } });
  });
});

describe('DELETE /rooms/{roomId}/messages/{messageId}', () => {
  const del = (who: string) =>
    httpEvent('DELETE /rooms/{roomId}/messages/{messageId}', {
      authorization: bearer(who),
      pathParameters: path,
    });

  it('deletes the author’s message: 204 without a body, the room gets messageDeleted', async () => {
    ddb.on(UpdateCommand).resolves({});
    const result = await handler(del('Ada'));
    expect(result).toEqual({ statusCode: 204 });
    const post = only(api.commandCalls(PostToConnectionCommand)).args[0].input;
    expect(JSON.parse(String(post.Data))).toEqual({
      type: 'messageDeleted',
      roomId: 'general',
      messageId: ID,
    });
    expect(only(events.commandCalls(PutEventsCommand)).args[0].input.Entries?.[0]).toMatchObject({
      DetailType: 'MessageDeleted',
      Detail: JSON.stringify({ roomId: 'general', messageId: ID, sender: 'Ada', visibility: 'public' }),
    });
  });

  it('answers 400 for a malformed messageId', async () => {
    const result = await handler(
      httpEvent('DELETE /rooms/{roomId}/messages/{messageId}', {
        authorization: bearer('Ada'),
        pathParameters: { roomId: 'general', messageId: 'nope' },
      }),
    );
    expect(bodyOf(result)).toMatchObject({ error: { code: 'invalid_request' } });
  });
});

describe('PUT and DELETE …/reactions/{emoji}', () => {
  const reaction = (method: 'PUT' | 'DELETE', emoji: string) =>
    httpEvent(`${method} /rooms/{roomId}/messages/{messageId}/reactions/{emoji}`, {
      authorization: bearer('Grace'),
      pathParameters: { ...path, emoji },
    });

  it('adds a reaction: 200 with the message, the room gets messageUpdated', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored(), reactions: { '👍': ['Grace'] }, rev: 1 } });
    const result = await handler(reaction('PUT', '👍'));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result).message).toMatchObject({ reactions: { '👍': ['Grace'] } });
    expect(only(ddb.commandCalls(UpdateCommand)).args[0].input.ExpressionAttributeValues).toMatchObject({
      ':reactions': { '👍': ['Grace'] },
      ':rev': 0,
    });
  });

  it('removes one that is not there: 200 with the message unchanged, no write, nothing sent', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    const result = await handler(reaction('DELETE', '👍'));
    expect(result.statusCode).toBe(200);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(0);
  });

  it('answers 400 invalid_emoji for something that is not one emoji', async () => {
    expect(bodyOf(await handler(reaction('PUT', 'lol')))).toMatchObject({ error: { code: 'invalid_emoji' } });
  });

  it('answers 409 too_many_reactions past the bound', async () => {
    const reactions = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [String.fromCodePoint(0x1f600 + i), ['Ada']]),
    );
    ddb.on(GetCommand).resolves({ Item: { ...stored(), reactions } });
    const result = await handler(reaction('PUT', '👍'));
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'too_many_reactions' } });
  });
});

describe('POST /rooms/{roomId}/read', () => {
  const read = (roomId: string, body: unknown) =>
    httpEvent('POST /rooms/{roomId}/read', {
      authorization: bearer('Ada'),
      pathParameters: { roomId },
      body: JSON.stringify(body),
    });

  it('moves the person’s marker: 204', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...roomItem('general'), expiresAt: later() } });
    ddb.on(UpdateCommand).resolves({});
    expect(await handler(read('general', { messageId: ID }))).toEqual({ statusCode: 204 });
    expect(only(ddb.commandCalls(UpdateCommand)).args[0].input.Key).toEqual({
      pk: 'READ#guest#Ada',
      sk: 'ROOM#general',
    });
  });

  it('answers 404 for an unknown room and 400 for a malformed messageId', async () => {
    ddb.on(GetCommand).resolves({});
    expect(bodyOf(await handler(read('nowhere', { messageId: ID })))).toMatchObject({
      error: { code: 'room_not_found' },
    });
    expect(bodyOf(await handler(read('general', { messageId: 7 })))).toMatchObject({
      error: { code: 'invalid_request' },
    });
  });
});
