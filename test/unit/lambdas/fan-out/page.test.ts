import {
  ApiGatewayManagementApiClient,
  ApiGatewayManagementApiServiceException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { BusPageDispatcher } from '../../../../lambdas/adapters/page-dispatcher';
import { makeFanOutPageHandler } from '../../../../lambdas/fan-out/page.handler';
import { socketsOnMockedClient, tableOnMockedClient } from '../adapters/mocked-clients';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const events = mockClient(EventBridgeClient);
const handler = makeFanOutPageHandler({
  ...tableOnMockedClient('connections'),
  sockets: socketsOnMockedClient(),
  dispatcher: new BusPageDispatcher(new EventBridgeClient({ region: 'us-east-1' }), 'chatty'),
  clock: systemClock,
});
/** A 500 from @connections: the SDK gives undeclared errors the service's base exception class. */
const serverError = () =>
  new ApiGatewayManagementApiServiceException({
    name: 'InternalServerErrorException',
    $fault: 'server',
    message: 'Internal server error',
    $metadata: { httpStatusCode: 500 },
  });
const connectedAt = new Date(Date.now() - 60_000).toISOString();
const message = {
  messageId: '1714557600000-a1b2c3d4e5',
  roomId: 'lobby',
  sender: 'Ada',
  senderType: 'guest',
  text: 'hi',
  createdAt: '2024-05-01T10:00:00.000Z',
};
const detail = (ids: string[], attempt = 0) => ({
  roomId: 'lobby',
  frame: { type: 'message', message },
  connections: ids.map((connectionId) => ({ connectionId, connectedAt })),
  attempt,
});
/** The EventBridge envelope the FanOutPages rule hands the function. */
const event = (d: unknown) => ({
  version: '0',
  id: 'e-1',
  'detail-type': 'FanOutPage',
  source: 'chatty',
  detail: d,
});

beforeEach(() => {
  for (const m of [ddb, api, events]) m.reset();
  api.on(PostToConnectionCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] });
});

const posted = () => api.commandCalls(PostToConnectionCommand).map((c) => c.args[0].input.ConnectionId);

describe('the FanOut function', () => {
  it('posts the frame to every socket of its page, once', async () => {
    await handler(event(detail(['a=', 'b=', 'c='])));
    expect(posted()).toEqual(['a=', 'b=', 'c=']);
    expect(JSON.parse(String(api.commandCalls(PostToConnectionCommand)[0]?.args[0].input.Data))).toEqual({
      type: 'message',
      message,
    });
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('passes the sockets it could not post to on as a new page, attempt + 1', async () => {
    api.on(PostToConnectionCommand, { ConnectionId: 'b=' }).rejects(serverError());
    await handler(event(detail(['a=', 'b='])));
    const entries = events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
    expect(entries.map((e) => [e.DetailType, JSON.parse(e.Detail ?? '')])).toEqual([
      ['FanOutPage', detail(['b='], 1)],
    ]);
  });

  it('throws when they cannot be passed on, so Lambda retries the page', async () => {
    api.on(PostToConnectionCommand, { ConnectionId: 'b=' }).rejects(serverError());
    events.on(PutEventsCommand).rejects(new Error('socket hang up'));
    await expect(handler(event(detail(['a=', 'b='])))).rejects.toThrow('could not pass on');
  });

  it('drops a malformed event without posting (a retry cannot fix it)', async () => {
    await expect(handler(event({ roomId: 'lobby', frame: { type: 'nope' } }))).resolves.toBeUndefined();
    await expect(handler({})).resolves.toBeUndefined();
    expect(posted()).toEqual([]);
  });
});
