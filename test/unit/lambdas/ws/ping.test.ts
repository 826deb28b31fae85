import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketEvent, WebSocketResult } from '../../../../lambdas/ws/events';
import { stubHandlerEnv, wsEvent } from '../handler-env';

const api = mockClient(ApiGatewayManagementApiClient);
let handler: (event: WebSocketEvent) => Promise<WebSocketResult>;

beforeAll(async () => {
  stubHandlerEnv();
  ({ handler } = await import('../../../../lambdas/ws/ping'));
});
afterAll(() => vi.unstubAllEnvs());
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
