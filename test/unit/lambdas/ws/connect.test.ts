import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ConditionalCheckFailedException, InternalServerError } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, InternalException, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { RoomAccessTable } from '../../../../lambdas/adapters/room-access-table';
import { makeConnectHandler } from '../../../../lambdas/ws/connect.handler';
import { only } from '../../../lists';
import { captureEmf, declaredMetrics } from '../adapters/emf';
import { busOnMockedClient, TABLE, tableOnMockedClient } from '../adapters/mocked-clients';
import { connectionItem, roomItem, wsEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const events = mockClient(EventBridgeClient);
const table = tableOnMockedClient('rooms', 'connections');
/** Whether the socket's session still lives when `$connect` checks it again (a sign-out may have raced it). */
let sessionLive = true;
const handler = makeConnectHandler({
  ...table,
  socketSlots: table.connections.slots,
  socketsPerIdentity: { account: 10, guest: 3 },
  access: new RoomAccessTable(tableOnMockedClient('access').access.doc, TABLE),
  liveness: {
    holds: { heldBy: async () => sessionLive },
    revoked: { isRevoked: async () => !sessionLive },
  },
  bus: busOnMockedClient(),
  clock: systemClock,
});

beforeEach(() => {
  sessionLive = true;
  for (const m of [ddb, api, events]) m.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#music' } }).resolves({ Item: roomItem('music') });
  ddb.on(PutCommand).resolves({});
  // The identity has a free socket slot.
  ddb.on(UpdateCommand).resolves({});
  // The new connection is already in the table when presence is announced.
  ddb.on(QueryCommand).resolves({
    Items: [connectionItem('new=', 'music', 'Ada'), connectionItem('old=', 'music', 'Bob')],
  });
  api.on(PostToConnectionCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

const connectTo = (roomId?: string) =>
  handler(
    wsEvent('$connect', {
      connectionId: 'new=',
      name: 'Ada',
      query: roomId ? { token: 't', roomId } : { token: 't' },
    }),
  );

describe('WebSocket $connect', () => {
  it('records the connection with the name from the authorizer and a TTL', async () => {
    expect(await connectTo('music')).toEqual({ statusCode: 200 });
    const put = only(ddb.commandCalls(PutCommand), 'PutCommand call').args[0].input;
    expect(put.Item).toMatchObject({
      pk: 'CONN#new=',
      roomPk: 'CONNS#music',
      connectionId: 'new=',
      roomId: 'music',
      name: 'Ada',
      slotsKey: 'sockets#guest#Ada',
    });
    expect(put.Item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 2 * 3600);
  });

  it('records the session id from the authorizer, so that signing out finds the socket', async () => {
    const event = wsEvent('$connect', {
      connectionId: 'new=',
      name: 'Ada',
      query: { token: 't' },
      session: { sessionId: 's-ada' },
    });
    expect(await handler(event)).toEqual({ statusCode: 200 });
    expect(only(ddb.commandCalls(PutCommand), 'PutCommand call').args[0].input.Item).toMatchObject({
      connectionId: 'new=',
      sessionId: 's-ada',
    });
  });

  it("records an account's socket under its kind and sign-in (origin_jti)", async () => {
    const event = wsEvent('$connect', {
      connectionId: 'new=',
      name: 'grace',
      query: { token: 't', roomId: 'music' },
      session: { kind: 'account', sessionId: 'origin-jti-1' },
    });
    expect(await handler(event)).toEqual({ statusCode: 200 });
    expect(only(ddb.commandCalls(PutCommand), 'PutCommand call').args[0].input.Item).toMatchObject({
      name: 'grace',
      sessionId: 'origin-jti-1',
      slotsKey: 'sockets#account#grace',
    });
  });

  it('checks the session again once the socket is recorded: signed out meanwhile → 401, the record forgotten, nobody told', async () => {
    sessionLive = false;
    ddb.on(DeleteCommand).resolves({ Attributes: connectionItem('new=', 'music', 'Ada') });
    const result = await connectTo('music');
    expect(result.statusCode).toBe(401);
    // Recorded first (so a sign-out that lists the session's sockets afterwards finds it), then forgotten.
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({ pk: 'CONN#new=', sk: 'CONN' });
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(0);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('refuses the handshake when the context says the token has expired', async () => {
    const event = wsEvent('$connect', {
      connectionId: 'new=',
      name: 'Ada',
      query: { token: 't', roomId: 'music' },
      session: { expiresAt: String(Math.floor(Date.now() / 1000) - 1) },
    });
    ddb.on(DeleteCommand).resolves({});
    expect((await handler(event)).statusCode).toBe(401);
  });

  it('posts to nobody and reads no room: the room hears of the newcomer from the table’s stream', async () => {
    await connectTo('music');
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(0);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('publishes MemberJoined', async () => {
    await connectTo('music');
    expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]).toMatchObject({
      DetailType: 'MemberJoined',
      Detail: '{"roomId":"music","name":"Ada","visibility":"public"}',
    });
  });

  it('joins the lobby when no roomId is given', async () => {
    await connectTo();
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({ roomId: 'lobby' });
  });

  it('rejects the handshake with 404 for an unknown room, recording nothing', async () => {
    const result = await connectTo('nowhere');
    expect(result.statusCode).toBe(404);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('rejects the handshake with 404 for a private room the person is not a member of, taking no slot (issue 16)', async () => {
    ddb
      .on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#hideout' } })
      .resolves({ Item: { ...roomItem('hideout'), visibility: 'private' } });
    expect((await connectTo('hideout')).statusCode).toBe(404);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('rejects the handshake with 403 for a room the person is removed from (issue 16)', async () => {
    ddb
      .on(GetCommand, { Key: { pk: 'ACCESS#music', sk: 'SANCTION#ada' } })
      .resolves({ Item: { name: 'Ada', removeUntil: Math.floor(Date.now() / 1000) + 60 } });
    const result = await connectTo('music');
    expect(result.statusCode).toBe(403);
    expect(result.body).toMatch(/removed you from this room/);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('rejects the handshake with 400 for a malformed room id', async () => {
    expect((await connectTo('Not A Room')).statusCode).toBe(400);
  });

  it('rejects the handshake with 500 when the table fails', async () => {
    ddb.on(PutCommand).rejects(new InternalServerError({ message: 'InternalServerError', $metadata: {} }));
    expect(await connectTo('music')).toEqual({ statusCode: 500 });
  });

  it('accepts the socket it recorded even when MemberJoined cannot be published', async () => {
    events.on(PutEventsCommand).rejects(new InternalException({ message: 'bus down', $metadata: {} }));
    expect(await connectTo('music')).toEqual({ statusCode: 200 });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });
});

describe('WebSocket $connect: open sockets per identity', () => {
  afterEach(() => vi.restoreAllMocks());

  it('takes a slot for the identity before recording the socket', async () => {
    expect(await connectTo('music')).toEqual({ statusCode: 200 });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'SLOTS#sockets#guest#Ada', sk: 'SLOTS' },
      ConditionExpression: 'size(slots) < :limit',
      ExpressionAttributeNames: { '#id': 'new=' },
      // A guest's limit (an account's is larger).
      ExpressionAttributeValues: { ':limit': 3 },
    });
  });

  it('refuses the handshake with 429 past the limit, records nothing, tells nobody and counts RateLimited', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const live = Math.floor(Date.now() / 1000) + 3600;
    ddb.on(GetCommand, { Key: { pk: 'SLOTS#sockets#guest#Ada', sk: 'SLOTS' } }).resolves({
      Item: { slots: Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`s${i}=`, live])) },
    });
    const emf = captureEmf();
    expect((await connectTo('music')).statusCode).toBe(429);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(0);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(emf).toHaveLength(1);
    expect(declaredMetrics(emf[0])).toEqual(['RateLimited']);
    expect(emf[0]).toMatchObject({ RateLimited: 1 });
  });
});
