import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makeTypingHandler } from '../../../../lambdas/ws/typing.handler';
import { socketsOnMockedClient, tableOnMockedClient } from '../adapters/mocked-clients';
import { connectionItem, wsEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const { connections } = tableOnMockedClient('connections');
const handler = makeTypingHandler({
  connections,
  typingGate: connections,
  typingIntervalMs: 2000,
  sockets: socketsOnMockedClient(),
  clock: systemClock,
});

beforeEach(() => {
  ddb.reset();
  api.reset();
  // The socket is in the room and typed long enough ago.
  ddb.on(UpdateCommand).resolves({});
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

  it('asks the table, in one conditional write, whether this socket may type in that room now', async () => {
    const body = '{"action":"typing","roomId":"lobby"}';
    await handler(wsEvent('typing', { connectionId: 'ada=', name: 'Ada', body }));
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'CONN#ada=', sk: 'CONN' },
      ExpressionAttributeValues: { ':roomId': 'lobby' },
    });
    const { ':now': now, ':since': since } =
      ddb.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues ?? {};
    expect(now - since).toBe(2000);
  });

  it('drops a typing the table holds back (too soon, or another room) without a frame to anyone', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const body = '{"action":"typing","roomId":"elsewhere"}';
    expect(await handler(wsEvent('typing', { connectionId: 'ada=', name: 'Ada', body }))).toEqual({
      statusCode: 200,
    });
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(0);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('answers a malformed room id with an invalid_room error frame', async () => {
    const body = '{"action":"typing","roomId":"Not A Room"}';
    expect((await handler(wsEvent('typing', { connectionId: 'ada=', name: 'Ada', body }))).statusCode).toBe(
      400,
    );
    const posts = api
      .commandCalls(PostToConnectionCommand)
      .map((c) => JSON.parse(String(c.args[0].input.Data)));
    expect(posts).toEqual([expect.objectContaining({ type: 'error', code: 'invalid_room' })]);
  });
});
