import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makeJoinRoomHandler } from '../../../../lambdas/ws/join-room.handler';
import { busOnMockedClient, socketsOnMockedClient, tableOnMockedClient } from '../adapters/mocked-clients';
import { connectionItem, roomItem, wsEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const events = mockClient(EventBridgeClient);
const handler = makeJoinRoomHandler({
  ...tableOnMockedClient('rooms', 'connections'),
  sockets: socketsOnMockedClient(),
  bus: busOnMockedClient(),
  clock: systemClock,
});

beforeEach(() => {
  for (const m of [ddb, api, events]) m.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#music' } }).resolves({ Item: roomItem('music') });
  ddb
    .on(GetCommand, { Key: { pk: 'CONN#ada=', sk: 'CONN' } })
    .resolves({ Item: connectionItem('ada=', 'lobby', 'Ada') });
  ddb.on(UpdateCommand).resolves({ Attributes: connectionItem('ada=', 'music', 'Ada') });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':roomPk': 'CONNS#lobby' } }).resolves({
    Items: [connectionItem('bob=', 'lobby', 'Bob')],
  });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':roomPk': 'CONNS#music' } }).resolves({
    Items: [connectionItem('ada=', 'music', 'Ada'), connectionItem('cy=', 'music', 'Cy')],
  });
  api.on(PostToConnectionCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

const join = (roomId: string) =>
  handler(
    wsEvent('joinRoom', {
      connectionId: 'ada=',
      name: 'Ada',
      body: JSON.stringify({ action: 'joinRoom', roomId }),
    }),
  );

function posts() {
  return api
    .commandCalls(PostToConnectionCommand)
    .map((c) => [c.args[0].input.ConnectionId, JSON.parse(String(c.args[0].input.Data))]);
}

describe('WebSocket joinRoom', () => {
  it('moves the socket and sends presence to both rooms, the mover included', async () => {
    expect(await join('music')).toEqual({ statusCode: 200 });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({
      ':roomId': 'music',
      ':roomPk': 'CONNS#music',
    });
    expect(posts()).toEqual(
      expect.arrayContaining([
        ['bob=', { type: 'presence', roomId: 'lobby', members: ['Bob'] }],
        ['ada=', { type: 'presence', roomId: 'music', members: ['Ada', 'Cy'] }],
        ['cy=', { type: 'presence', roomId: 'music', members: ['Ada', 'Cy'] }],
      ]),
    );
    expect(posts()).toHaveLength(3);
  });

  it('publishes MemberJoined for the new room', async () => {
    await join('music');
    expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]).toMatchObject({
      DetailType: 'MemberJoined',
      Detail: '{"roomId":"music","name":"Ada"}',
    });
  });

  it('answers an unknown room with a room_not_found error frame', async () => {
    expect((await join('nowhere')).statusCode).toBe(404);
    expect(posts()).toEqual([['ada=', expect.objectContaining({ type: 'error', code: 'room_not_found' })]]);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers a connection the table no longer has with a not_found error frame', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    expect((await join('music')).statusCode).toBe(404);
    expect(posts()).toEqual([['ada=', expect.objectContaining({ type: 'error', code: 'not_found' })]]);
  });
});
