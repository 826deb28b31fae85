import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makeDisconnectHandler } from '../../../../lambdas/ws/disconnect.handler';
import { tableOnMockedClient } from '../adapters/mocked-clients';
import { connectionItem, wsEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const handler = makeDisconnectHandler({
  ...tableOnMockedClient('connections'),
  clock: systemClock,
});

beforeEach(() => {
  ddb.reset();
  api.reset();
  api.on(PostToConnectionCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [connectionItem('bob=', 'music', 'Bob')] });
});

describe('WebSocket $disconnect', () => {
  it('deletes the connection and posts nothing: the room hears of it from the table’s stream', async () => {
    ddb.on(DeleteCommand).resolves({ Attributes: connectionItem('ada=', 'music', 'Ada') });
    expect(await handler(wsEvent('$disconnect', { connectionId: 'ada=', name: 'Ada' }))).toEqual({
      statusCode: 200,
    });
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({ pk: 'CONN#ada=', sk: 'CONN' });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(0);
  });

  it('announces nothing for a connection that was already gone', async () => {
    ddb.on(DeleteCommand).resolves({});
    expect(await handler(wsEvent('$disconnect', { connectionId: 'ada=' }))).toEqual({ statusCode: 200 });
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(0);
  });
});
