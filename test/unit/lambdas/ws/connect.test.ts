import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { EventBridgeClient, InternalException, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makeConnectHandler } from '../../../../lambdas/ws/connect.handler';
import { only } from '../../../lists';
import { busOnMockedClient, socketsOnMockedClient, tableOnMockedClient } from '../adapters/mocked-clients';
import { connectionItem, roomItem, wsEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const events = mockClient(EventBridgeClient);
const handler = makeConnectHandler({
  ...tableOnMockedClient('rooms', 'connections'),
  sockets: socketsOnMockedClient(),
  bus: busOnMockedClient(),
  clock: systemClock,
});

beforeEach(() => {
  for (const m of [ddb, api, events]) m.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#music' } }).resolves({ Item: roomItem('music') });
  ddb.on(PutCommand).resolves({});
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
    });
    expect(put.Item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 2 * 3600);
  });

  it('announces presence to the others but never posts to the socket still connecting', async () => {
    await connectTo('music');
    const posts = api.commandCalls(PostToConnectionCommand).map((c) => c.args[0].input);
    expect(posts.map((p) => p.ConnectionId)).toEqual(['old=']);
    expect(JSON.parse(String(posts[0]?.Data))).toEqual({
      type: 'presence',
      roomId: 'music',
      members: ['Ada', 'Bob'],
    });
  });

  it('publishes MemberJoined', async () => {
    await connectTo('music');
    expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]).toMatchObject({
      DetailType: 'MemberJoined',
      Detail: '{"roomId":"music","name":"Ada"}',
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

  it('rejects the handshake with 400 for a malformed room id', async () => {
    expect((await connectTo('Not A Room')).statusCode).toBe(400);
  });

  it('rejects the handshake with 500 when the table fails', async () => {
    ddb.on(PutCommand).rejects(new Error('InternalServerError'));
    expect(await connectTo('music')).toEqual({ statusCode: 500 });
  });

  it('accepts the socket it recorded even when MemberJoined cannot be published', async () => {
    events.on(PutEventsCommand).rejects(new InternalException({ message: 'bus down', $metadata: {} }));
    expect(await connectTo('music')).toEqual({ statusCode: 200 });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });
});
