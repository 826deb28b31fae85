import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makeTypingHandler } from '../../../../lambdas/ws/typing.handler';
import { socketsOnMockedClient, tableOnMockedClient } from '../adapters/mocked-clients';
import { connectionItem, wsEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const handler = makeTypingHandler({
  ...tableOnMockedClient('rooms', 'connections'),
  sockets: socketsOnMockedClient(),
  clock: systemClock,
});

beforeEach(() => {
  ddb.reset();
  api.reset();
  ddb.on(GetCommand).resolves({});
  ddb
    .on(QueryCommand)
    .resolves({ Items: [connectionItem('ada=', 'lobby', 'Ada'), connectionItem('bob=', 'lobby', 'Bob')] });
  api.on(PostToConnectionCommand).resolves({});
});

describe('WebSocket typing', () => {
  it('tells the others in the room who is typing, not the typist', async () => {
    const body = '{"action":"typing","roomId":"lobby"}';
    expect(await handler(wsEvent('typing', { connectionId: 'ada=', name: 'Ada', body }))).toEqual({
      statusCode: 200,
    });
    const posts = api.commandCalls(PostToConnectionCommand).map((c) => c.args[0].input);
    expect(posts.map((p) => [p.ConnectionId, JSON.parse(String(p.Data))])).toEqual([
      ['bob=', { type: 'typing', roomId: 'lobby', name: 'Ada' }],
    ]);
  });

  it('answers an unknown room with an error frame', async () => {
    const body = '{"action":"typing","roomId":"nowhere"}';
    expect((await handler(wsEvent('typing', { connectionId: 'ada=', name: 'Ada', body }))).statusCode).toBe(
      404,
    );
  });
});
