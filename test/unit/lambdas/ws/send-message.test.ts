import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ConditionalCheckFailedException, InternalServerError } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makeSendMessageHandler } from '../../../../lambdas/ws/send-message.handler';
import {
  busOnMockedClient,
  messageRateOnMockedClient,
  socketsOnMockedClient,
  tableOnMockedClient,
} from '../adapters/mocked-clients';
import { connectionItem, roomItem, wsEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const events = mockClient(EventBridgeClient);
const handler = makeSendMessageHandler({
  ...tableOnMockedClient('messages', 'rooms', 'connections'),
  rateLimiter: messageRateOnMockedClient(),
  sockets: socketsOnMockedClient(),
  bus: busOnMockedClient(),
  clock: systemClock,
  messageTtlSeconds: 48 * 3600,
});

beforeEach(() => {
  for (const m of [ddb, api, events]) m.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#music' } }).resolves({ Item: roomItem('music') });
  ddb.on(PutCommand).resolves({});
  ddb
    .on(QueryCommand)
    .resolves({ Items: [connectionItem('ada=', 'music', 'Ada'), connectionItem('bob=', 'music', 'Bob')] });
  api.on(PostToConnectionCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

const send = (frame: unknown) =>
  handler(
    wsEvent('sendMessage', {
      connectionId: 'ada=',
      name: 'Ada',
      body:
        typeof frame === 'string' ? frame : JSON.stringify({ action: 'sendMessage', ...(frame as object) }),
    }),
  );

function framesTo(connectionId: string) {
  return api
    .commandCalls(PostToConnectionCommand)
    .map((c) => c.args[0].input)
    .filter((i) => i.ConnectionId === connectionId)
    .map((i) => JSON.parse(String(i.Data)));
}

describe('WebSocket sendMessage', () => {
  it('posts the message as the authorized name, fans it out and acks with the clientMessageId', async () => {
    const result = await send({ roomId: 'music', text: 'hi all', clientMessageId: 'c-1', sender: 'Mallory' });
    expect(result).toEqual({ statusCode: 200 });

    const [messageFrame, ack] = framesTo('ada=');
    expect(messageFrame).toMatchObject({
      type: 'message',
      message: { sender: 'Ada', text: 'hi all', roomId: 'music' },
    });
    expect(ack).toEqual({ type: 'ack', clientMessageId: 'c-1', messageId: messageFrame.message.messageId });
    expect(framesTo('bob=')).toEqual([messageFrame]);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('says a guest sent it, whatever the frame says; an account’s socket (its authorizer says so) sends as a user', async () => {
    await send({ roomId: 'music', text: 'hi', senderType: 'bot' });
    expect(framesTo('bob=')[0]).toMatchObject({ message: { sender: 'Ada', senderType: 'guest' } });
    const stored = ddb
      .commandCalls(PutCommand)
      .map((c) => c.args[0].input.Item)
      .find((i) => i?.text === 'hi');
    expect(stored).toMatchObject({ senderType: 'guest' });
    expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail).toContain(
      '"senderType":"guest"',
    );

    const event = wsEvent('sendMessage', {
      connectionId: 'ada=',
      name: 'Ada',
      body: JSON.stringify({ action: 'sendMessage', roomId: 'music', text: 'as me' }),
    });
    event.requestContext.authorizer = { ...event.requestContext.authorizer, kind: 'account' };
    await handler(event);
    expect(framesTo('bob=')[1]).toMatchObject({ message: { text: 'as me', senderType: 'user' } });
  });

  it("reads nothing to check the socket's session: a signed-out session's sockets are closed by the sign-out", async () => {
    await send({ roomId: 'music', text: 'hi' });
    const sessionKeys = ddb
      .commandCalls(GetCommand)
      .map((c) => String(c.args[0].input.Key?.pk))
      .filter((pk) => pk.startsWith('NAME#') || pk.startsWith('REVOKED#'));
    expect(sessionKeys).toEqual([]);
  });

  it('refuses to post once the token the socket was opened with has expired, without a read', async () => {
    const result = await handler(
      wsEvent('sendMessage', {
        connectionId: 'ada=',
        name: 'Ada',
        body: JSON.stringify({ action: 'sendMessage', roomId: 'music', text: 'late' }),
        session: { expiresAt: String(Math.floor(Date.now() / 1000) - 1) },
      }),
    );
    expect(result.statusCode).toBe(401);
    expect(framesTo('ada=')[0]).toMatchObject({ type: 'error', code: 'token_expired' });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('refuses a socket whose context names no session (opened before sessions had ids)', async () => {
    const event = wsEvent('sendMessage', {
      connectionId: 'ada=',
      name: 'Ada',
      body: JSON.stringify({ action: 'sendMessage', roomId: 'music', text: 'old socket' }),
    });
    event.requestContext.authorizer = { name: 'Ada', principalId: 'Ada' };
    expect((await handler(event)).statusCode).toBe(401);
    expect(framesTo('ada=')[0]).toMatchObject({ type: 'error', code: 'unauthorized' });
  });

  it('acks without a clientMessageId when none was sent', async () => {
    await send({ roomId: 'music', text: 'hi' });
    const ack = framesTo('ada=').find((f) => f.type === 'ack');
    expect(ack).toEqual({ type: 'ack', messageId: expect.any(String) });
  });

  it('answers a text over 2000 characters with an invalid_text error frame echoing the clientMessageId', async () => {
    const result = await send({ roomId: 'music', text: 'x'.repeat(2001), clientMessageId: 'c-2' });
    expect(result.statusCode).toBe(400);
    expect(framesTo('ada=')).toEqual([
      { type: 'error', code: 'invalid_text', message: expect.any(String), clientMessageId: 'c-2' },
    ]);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('answers an unknown room with a room_not_found error frame', async () => {
    const result = await send({ roomId: 'nowhere', text: 'hi', clientMessageId: 'c-3' });
    expect(result.statusCode).toBe(404);
    expect(framesTo('ada=')).toEqual([
      {
        type: 'error',
        code: 'room_not_found',
        message: 'There is no room "nowhere"',
        clientMessageId: 'c-3',
      },
    ]);
  });

  it('answers a rate-limited sender with a rate_limited error frame', async () => {
    // Both conditional updates of the limiter fail: the bucket is empty.
    ddb
      .on(UpdateCommand, { Key: { pk: 'RATE#send#guest#Ada', sk: 'RATE' } })
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    await send({ roomId: 'music', text: 'hi', clientMessageId: 'c-4' });
    expect(framesTo('ada=')).toEqual([
      expect.objectContaining({ type: 'error', code: 'rate_limited', clientMessageId: 'c-4' }),
    ]);
  });

  it('answers an invalid clientMessageId with invalid_request', async () => {
    await send({ roomId: 'music', text: 'hi', clientMessageId: 42 });
    expect(framesTo('ada=')).toEqual([
      { type: 'error', code: 'invalid_request', message: expect.any(String) },
    ]);
  });

  it('answers a frame that is not JSON with invalid_json', async () => {
    await send('sendMessage please');
    expect(framesTo('ada=')).toEqual([{ type: 'error', code: 'invalid_json', message: expect.any(String) }]);
  });

  it('answers an unexpected failure with an internal error frame and no details', async () => {
    ddb
      .on(PutCommand)
      .rejects(new InternalServerError({ message: 'InternalServerError: table is on fire', $metadata: {} }));
    const result = await send({ roomId: 'music', text: 'hi', clientMessageId: 'c-5' });
    expect(result.statusCode).toBe(500);
    const [frame] = framesTo('ada=');
    expect(frame).toEqual({
      type: 'error',
      code: 'internal',
      message: expect.any(String),
      clientMessageId: 'c-5',
    });
    expect(frame.message).not.toMatch(/fire/);
  });
});
