import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makeBotPostMessageHandler } from '../../../../lambdas/http/bot-post-message.handler';
import { busOnMockedClient, socketsOnMockedClient, tableOnMockedClient } from '../adapters/mocked-clients';
import { bodyOf, connectionItem, httpEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const events = mockClient(EventBridgeClient);
const handler = makeBotPostMessageHandler({
  ...tableOnMockedClient('messages', 'rooms', 'connections'),
  sockets: socketsOnMockedClient(),
  bus: busOnMockedClient(),
  clock: systemClock,
  messageTtlSeconds: 48 * 3600,
});

beforeEach(() => {
  for (const m of [ddb, api, events]) m.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [connectionItem('c-ada=', 'lobby', 'Ada')] });
  api.on(PostToConnectionCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
});

const post = (body: string | undefined, roomId = 'lobby') =>
  handler(httpEvent('POST /bot/rooms/{roomId}/messages', { body, pathParameters: { roomId } }));

describe('POST /bot/rooms/{roomId}/messages', () => {
  it('posts as the bot whatever the body says, without a rate limit', async () => {
    const result = await post('{"text":"Hello Ada!","sender":"Ada","senderType":"guest"}');
    expect(result.statusCode).toBe(201);
    expect(bodyOf(result)).toMatchObject({
      message: { sender: 'Pyro', senderType: 'bot', text: 'Hello Ada!', roomId: 'lobby' },
    });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({ senderType: 'bot' });
    // The only Get would be the rate-limit record: the lobby needs no lookup and the bot has no limit.
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(1);
    expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]).toMatchObject({
      DetailType: 'MessagePosted',
      Detail: expect.stringContaining('"sender":"Pyro","senderType":"bot"'),
    });
  });

  it('answers 400 for bad input, like any client', async () => {
    expect((await post('nope')).statusCode).toBe(400);
    expect((await post('{"text":""}')).statusCode).toBe(400);
    expect((await post('{"text":"hi"}', 'nowhere')).statusCode).toBe(404);
  });
});
