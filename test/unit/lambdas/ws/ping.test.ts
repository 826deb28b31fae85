import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makePingHandler } from '../../../../lambdas/ws/ping.handler';
import { socketsOnMockedClient } from '../adapters/mocked-clients';
import { wsEvent } from '../handler-env';

const api = mockClient(ApiGatewayManagementApiClient);
const handler = makePingHandler({ sockets: socketsOnMockedClient() });

beforeEach(() => {
  api.reset();
  api.on(PostToConnectionCommand).resolves({});
});

describe('WebSocket ping', () => {
  it('answers pong on the same socket', async () => {
    const result = await handler(
      wsEvent('ping', { connectionId: 'abc=', name: 'Ada', body: '{"action":"ping"}' }),
    );
    expect(result).toEqual({ statusCode: 200 });
    expect(api.commandCalls(PostToConnectionCommand).map((c) => c.args[0].input)).toEqual([
      { ConnectionId: 'abc=', Data: '{"type":"pong"}' },
    ]);
  });
});
