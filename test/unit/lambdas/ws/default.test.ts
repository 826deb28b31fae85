import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { actions } from '../../../../lambdas/contract/websocket';
import { ACTION_LIST, makeDefaultHandler } from '../../../../lambdas/ws/default.handler';
import { socketsOnMockedClient } from '../adapters/mocked-clients';
import { wsEvent } from '../handler-env';

const api = mockClient(ApiGatewayManagementApiClient);
const handler = makeDefaultHandler({ sockets: socketsOnMockedClient() });

beforeEach(() => {
  api.reset();
  api.on(PostToConnectionCommand).resolves({});
});

function framesSent() {
  return api.commandCalls(PostToConnectionCommand).map((c) => ({
    to: c.args[0].input.ConnectionId,
    frame: JSON.parse(String(c.args[0].input.Data)),
  }));
}

describe('WebSocket $default', () => {
  it('answers an unknown action with an unknown_action error frame naming it', async () => {
    const result = await handler(
      wsEvent('$default', {
        connectionId: 'abc=',
        name: 'Ada',
        body: '{"action":"dance","clientMessageId":"c-9"}',
      }),
    );
    expect(result.statusCode).toBe(400);
    expect(framesSent()).toEqual([
      {
        to: 'abc=',
        frame: {
          type: 'error',
          code: 'unknown_action',
          message: expect.stringContaining('"dance"'),
          clientMessageId: 'c-9',
        },
      },
    ]);
  });

  it('answers a JSON frame without an action with unknown_action', async () => {
    await handler(wsEvent('$default', { name: 'Ada', body: '{"text":"hi"}' }));
    expect(framesSent()[0]?.frame).toMatchObject({ type: 'error', code: 'unknown_action' });
    expect(framesSent()[0]?.frame).not.toHaveProperty('clientMessageId');
  });

  it.each(['hello', '{"action":', '[1,2]', ''])(
    'answers the frame %j with an invalid_json error frame',
    async (body) => {
      const result = await handler(wsEvent('$default', { name: 'Ada', body }));
      expect(result.statusCode).toBe(400);
      expect(framesSent().map((f) => f.frame)).toEqual([
        { type: 'error', code: 'invalid_json', message: expect.any(String) },
      ]);
    },
  );

  it('does not fail when the error frame cannot be delivered', async () => {
    api.on(PostToConnectionCommand).rejects(new Error('socket closed'));
    expect(await handler(wsEvent('$default', { name: 'Ada', body: 'hello' }))).toEqual({ statusCode: 400 });
  });
});

describe('the actions $default names', () => {
  it('are the contract’s actions, each once', () => {
    const named = ACTION_LIST.replace(' or ', ', ').split(', ');
    expect(named.sort()).toEqual([...actions].sort());
  });
});
