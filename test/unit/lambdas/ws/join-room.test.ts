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
import { RateLimitTable } from '../../../../lambdas/adapters/rate-limit-table';
import { RoomAccessTable } from '../../../../lambdas/adapters/room-access-table';
import { makeJoinRoomHandler } from '../../../../lambdas/ws/join-room.handler';
import { busOnMockedClient, socketsOnMockedClient, tableOnMockedClient } from '../adapters/mocked-clients';
import { connectionItem, roomItem, wsEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const events = mockClient(EventBridgeClient);
const { access, ...table } = tableOnMockedClient('rooms', 'connections', 'members', 'access');
let sessionLive = true;
const handler = makeJoinRoomHandler({
  ...table,
  liveness: {
    holds: { heldBy: async () => sessionLive },
    revoked: { isRevoked: async () => !sessionLive },
  },
  joinLimiter: new RateLimitTable(access.doc, access.tableName, { burst: 20, intervalMs: 3000 }),
  access: new RoomAccessTable(access.doc, access.tableName),
  sockets: socketsOnMockedClient(),
  bus: busOnMockedClient(),
  clock: systemClock,
  snapshotNames: 100,
});

beforeEach(() => {
  sessionLive = true;
  for (const m of [ddb, api, events]) m.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#music' } }).resolves({ Item: roomItem('music') });
  ddb
    .on(GetCommand, { Key: { pk: 'CONN#ada=', sk: 'CONN' } })
    .resolves({ Item: connectionItem('ada=', 'lobby', 'Ada') });
  ddb.on(UpdateCommand).resolves({ Attributes: connectionItem('ada=', 'music', 'Ada') });
  // The socket's join bucket has room (GCRA's first update, on the RATE# item).
  ddb.on(UpdateCommand, { Key: { pk: 'RATE#join#ada=', sk: 'RATE' } }).resolves({});
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':roomPk': 'CONNS#lobby' } }).resolves({
    Items: [connectionItem('bob=', 'lobby', 'Bob')],
  });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':roomPk': 'CONNS#music' } }).resolves({
    Items: [connectionItem('ada=', 'music', 'Ada'), connectionItem('cy=', 'music', 'Cy')],
  });
  // The new room's member items (written by the Presence function from the stream): Cy, and a count of 1.
  ddb
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'MEMBERS#music' } })
    .resolves({ Items: [{ name: 'Cy' }] });
  ddb.on(QueryCommand, { Select: 'COUNT' }).resolves({ Count: 1 });
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

/** The updates that move a connection (the others are the join limit's). */
function moves() {
  return ddb
    .commandCalls(UpdateCommand)
    .map((c) => c.args[0].input)
    .filter((input) => input.Key?.pk === 'CONN#ada=');
}

function posts() {
  return api
    .commandCalls(PostToConnectionCommand)
    .map((c) => [c.args[0].input.ConnectionId, JSON.parse(String(c.args[0].input.Data))]);
}

describe('WebSocket joinRoom', () => {
  it('moves the socket and sends the mover the new room’s members and count, itself included', async () => {
    expect(await join('music')).toEqual({ statusCode: 200 });
    expect(moves()[0]?.ExpressionAttributeValues).toEqual({
      ':roomId': 'music',
      ':roomPk': 'CONNS#music',
    });
    // Only the mover: both rooms hear of the move from the table's stream (core/presence-stream.ts).
    expect(posts()).toEqual([
      ['ada=', { type: 'presence', roomId: 'music', members: ['Ada', 'Cy'], count: 2 }],
    ]);
  });

  it('refuses to move a socket whose session has signed out or expired: an error frame, nothing moved or told', async () => {
    sessionLive = false;
    expect((await join('music')).statusCode).toBe(401);
    expect(moves()).toEqual([]);
    expect(posts()).toEqual([['ada=', expect.objectContaining({ type: 'error', code: 'unauthorized' })]]);
    sessionLive = true;
    const expired = wsEvent('joinRoom', {
      connectionId: 'ada=',
      name: 'Ada',
      body: JSON.stringify({ action: 'joinRoom', roomId: 'music' }),
      session: { expiresAt: String(Math.floor(Date.now() / 1000) - 60) },
    });
    expect((await handler(expired)).statusCode).toBe(401);
    expect(moves()).toEqual([]);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('publishes MemberJoined for the new room', async () => {
    await join('music');
    expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]).toMatchObject({
      DetailType: 'MemberJoined',
      Detail: '{"roomId":"music","name":"Ada","visibility":"public"}',
    });
  });

  it('answers an unknown room with a room_not_found error frame', async () => {
    expect((await join('nowhere')).statusCode).toBe(404);
    expect(posts()).toEqual([['ada=', expect.objectContaining({ type: 'error', code: 'room_not_found' })]]);
    expect(moves()).toHaveLength(0);
  });

  it('answers a connection the table no longer has with a not_found error frame', async () => {
    ddb
      .on(UpdateCommand, { Key: { pk: 'CONN#ada=', sk: 'CONN' } })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    expect((await join('music')).statusCode).toBe(404);
    expect(posts()).toEqual([['ada=', expect.objectContaining({ type: 'error', code: 'not_found' })]]);
  });

  it('takes from the socket’s join bucket first', async () => {
    await join('music');
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.Key).toEqual({
      pk: 'RATE#join#ada=',
      sk: 'RATE',
    });
  });

  it('answers a join past the limit with a rate_limited error frame, moving nothing and telling no one else', async () => {
    ddb
      .on(UpdateCommand, { Key: { pk: 'RATE#join#ada=', sk: 'RATE' } })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    expect((await join('music')).statusCode).toBe(429);
    expect(posts()).toEqual([['ada=', expect.objectContaining({ type: 'error', code: 'rate_limited' })]]);
    expect(moves()).toHaveLength(0);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('answers a private room the socket’s person is not a member of as a missing room, moving nothing (issue 16)', async () => {
    ddb
      .on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#hideout' } })
      .resolves({ Item: { ...roomItem('hideout'), visibility: 'private' } });
    await join('hideout');
    expect(posts()).toEqual([
      ['ada=', { type: 'error', code: 'room_not_found', message: 'There is no room "hideout"' }],
    ]);
    expect(moves()).toHaveLength(0);
  });

  it('refuses a room the person is removed from with `removed` and until, and reads the removal consistently', async () => {
    const until = Math.floor(Date.now() / 1000) + 600;
    ddb
      .on(GetCommand, { Key: { pk: 'ACCESS#music', sk: 'SANCTION#ada' } })
      .resolves({ Item: { name: 'Ada', removeUntil: until, reason: 'spam' } });
    await join('music');
    expect(posts()).toEqual([
      [
        'ada=',
        expect.objectContaining({
          type: 'error',
          code: 'removed',
          until: new Date(until * 1000).toISOString(),
        }),
      ],
    ]);
    expect(moves()).toHaveLength(0);
    const read = ddb.commandCalls(GetCommand).find((c) => c.args[0].input.Key?.sk === 'SANCTION#ada');
    expect(read?.args[0].input.ConsistentRead).toBe(true);
  });
});
