import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReadMarkerTable } from '../../../../lambdas/adapters/read-marker-table';
import { makeWsMessageActionsHandler } from '../../../../lambdas/ws/message-actions.handler';
import {
  busOnMockedClient,
  socketsOnMockedClient,
  TABLE,
  tableOnMockedClient,
} from '../adapters/mocked-clients';
import { connectionItem, roomItem, wsEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const events = mockClient(EventBridgeClient);
const { messages, rooms, connections, access } = tableOnMockedClient(
  'messages',
  'rooms',
  'connections',
  'access',
);
const revoked = { value: false };
const handler = makeWsMessageActionsHandler({
  records: messages,
  rooms,
  connections,
  markers: new ReadMarkerTable(access.doc, TABLE),
  // Every guest session live; an account's sign-in signed out while `revoked.value`.
  liveness: { holds: { heldBy: async () => true }, revoked: { isRevoked: async () => revoked.value } },
  sockets: socketsOnMockedClient(),
  bus: busOnMockedClient(),
  rateLimiter: { tryTake: async () => true },
  clock: { now: () => Date.now() },
  markerTtlSeconds: 48 * 3600,
});

const ID = '1714564800000-aaaaaaaaaa';
const stored = () => ({
  pk: 'ROOM#general',
  sk: `MSG#${ID}`,
  messageId: ID,
  roomId: 'general',
  sender: 'Ada',
  senderType: 'guest',
  text: 'helo',
  createdAt: '2024-05-01T12:00:00.000Z',
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
});

function framesTo(connectionId: string) {
  return api
    .commandCalls(PostToConnectionCommand)
    .filter((c) => c.args[0].input.ConnectionId === connectionId)
    .map((c) => JSON.parse(String(c.args[0].input.Data)));
}

const frame = (name: string, body: Record<string, unknown>) =>
  wsEvent(String(body.action), { connectionId: `conn-${name}=`, name, body: JSON.stringify(body) });

beforeEach(() => {
  ddb.reset();
  api.reset();
  events.reset();
  revoked.value = false;
  api.on(PostToConnectionCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  ddb.on(QueryCommand).resolves({ Items: [connectionItem('conn-Grace=', 'general', 'Grace')] });
});

describe('WebSocket message actions', () => {
  it('editMessage: the room gets messageUpdated, the sender an ack for its clientMessageId', async () => {
    ddb
      .on(UpdateCommand)
      .resolves({ Attributes: { ...stored(), text: 'hello', editedAt: '2024-05-01T12:05:00.000Z' } });
    const body = {
      action: 'editMessage',
      roomId: 'general',
      messageId: ID,
      text: 'hello',
      clientMessageId: 'c-1',
    };
    expect((await handler(frame('Ada', body))).statusCode).toBe(200);
    expect(framesTo('conn-Grace=')).toEqual([
      { type: 'messageUpdated', message: expect.objectContaining({ text: 'hello' }) },
    ]);
    expect(framesTo('conn-Ada=')).toEqual([{ type: 'ack', clientMessageId: 'c-1', messageId: ID }]);
  });

  it("deleteMessage of someone else's message: an error frame forbidden, nothing sent to the room", async () => {
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: stored() });
    const body = { action: 'deleteMessage', roomId: 'general', messageId: ID, clientMessageId: 'c-2' };
    expect((await handler(frame('Grace', body))).statusCode).toBe(403);
    expect(framesTo('conn-Grace=')).toEqual([
      {
        type: 'error',
        code: 'forbidden',
        message: 'Only its author may delete a message',
        clientMessageId: 'c-2',
      },
    ]);
  });

  it('react toggles: on when absent, and no ack without a clientMessageId', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored(), reactions: { '🎉': ['Grace'] }, rev: 1 } });
    await handler(frame('Grace', { action: 'react', roomId: 'general', messageId: ID, emoji: '🎉' }));
    expect(framesTo('conn-Grace=')).toEqual([
      { type: 'messageUpdated', message: expect.objectContaining({ reactions: { '🎉': ['Grace'] } }) },
    ]);
  });

  it('react with a bad emoji is an invalid_emoji error frame', async () => {
    await handler(frame('Grace', { action: 'react', roomId: 'general', messageId: ID, emoji: ':)' }));
    expect(framesTo('conn-Grace=')).toEqual([
      expect.objectContaining({ type: 'error', code: 'invalid_emoji' }),
    ]);
  });

  it('markRead moves the marker and acks; an unknown room is room_not_found', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { ...roomItem('general'), expiresAt: Math.floor(Date.now() / 1000) + 60 } });
    ddb.on(UpdateCommand).resolves({});
    await handler(
      frame('Ada', { action: 'markRead', roomId: 'general', messageId: ID, clientMessageId: 'r-1' }),
    );
    expect(framesTo('conn-Ada=')).toEqual([{ type: 'ack', clientMessageId: 'r-1', messageId: ID }]);
    ddb.on(GetCommand).resolves({});
    await handler(frame('Ada', { action: 'markRead', roomId: 'gone', messageId: ID }));
    expect(framesTo('conn-Ada=').at(-1)).toMatchObject({ type: 'error', code: 'room_not_found' });
  });

  it('refuses a socket whose session has signed out (unauthorized), before touching the message', async () => {
    revoked.value = true;
    const result = await handler(
      wsEvent('editMessage', {
        connectionId: 'conn-acct=',
        name: 'Ada',
        session: { kind: 'account', sessionId: 'jti-1' },
        body: JSON.stringify({ action: 'editMessage', roomId: 'general', messageId: ID, text: 'x' }),
      }),
    );
    expect(result.statusCode).toBe(401);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
