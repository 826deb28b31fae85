import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makePresenceHandler } from '../../../../lambdas/stream/presence.handler';
import { socketsOnMockedClient, tableOnMockedClient } from '../adapters/mocked-clients';
import { connectionItem } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const api = mockClient(ApiGatewayManagementApiClient);
const handler = makePresenceHandler({
  ...tableOnMockedClient('members', 'connections'),
  sockets: socketsOnMockedClient(),
  clock: systemClock,
  snapshotNames: 100,
});
const expiresAt = Math.floor(Date.now() / 1000) + 3600;

/** A DynamoDB stream record of a connection item, as Lambda hands it over. */
const record = (eventName: 'INSERT' | 'REMOVE', id: string, roomId: string, name: string) => {
  const image = {
    pk: { S: `CONN#${id}` },
    sk: { S: 'CONN' },
    connectionId: { S: id },
    roomId: { S: roomId },
    name: { S: name },
    expiresAt: { N: String(expiresAt) },
  };
  return {
    eventID: `${eventName}-${id}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: eventName === 'INSERT' ? { NewImage: image } : { OldImage: image },
  };
};

beforeEach(() => {
  ddb.reset();
  api.reset();
  ddb.on(UpdateCommand).resolves({});
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'MEMBERS#lobby' } }).resolves({
    Items: [{ name: 'Ada' }, { name: 'Bo' }, { name: 'Old' }],
  });
  ddb.on(QueryCommand, { IndexName: 'byRoom' }).resolves({
    Items: [connectionItem('old=', 'lobby', 'Old'), connectionItem('a=', 'lobby', 'Ada')],
  });
  ddb.on(QueryCommand, { Select: 'COUNT' }).resolves({ Count: 3 });
  api.on(PostToConnectionCommand).resolves({});
});

const posts = () =>
  api
    .commandCalls(PostToConnectionCommand)
    .map((c) => [c.args[0].input.ConnectionId, JSON.parse(String(c.args[0].input.Data))]);

describe('the Presence function', () => {
  it('turns a batch of joins into one presenceChange per member, and a snapshot for each joiner', async () => {
    await handler({
      Records: [record('INSERT', 'a=', 'lobby', 'Ada'), record('INSERT', 'b=', 'lobby', 'Bo')],
    });
    const change = { type: 'presenceChange', roomId: 'lobby', joined: ['Ada', 'Bo'], left: [], count: 3 };
    const snapshot = { type: 'presence', roomId: 'lobby', members: ['Ada', 'Bo', 'Old'], count: 3 };
    expect(posts()).toEqual(
      expect.arrayContaining([
        ['a=', snapshot],
        ['b=', snapshot],
        ['old=', change],
        ['a=', change],
      ]),
    );
    expect(posts()).toHaveLength(4);
  });

  it('ignores a joiner whose socket has gone before its snapshot', async () => {
    api
      .on(PostToConnectionCommand, { ConnectionId: 'b=' })
      .rejects(new GoneException({ message: 'gone', $metadata: {} }));
    await expect(handler({ Records: [record('INSERT', 'b=', 'lobby', 'Bo')] })).resolves.toBeUndefined();
  });

  it('fails the invocation when the table fails, so the event source mapping retries the batch', async () => {
    ddb.on(UpdateCommand).rejects(new Error('InternalServerError'));
    await expect(handler({ Records: [record('INSERT', 'a=', 'lobby', 'Ada')] })).rejects.toThrow(
      'InternalServerError',
    );
    expect(posts()).toEqual([]);
  });

  it('takes an event without records', async () => {
    await expect(handler({})).resolves.toBeUndefined();
  });
});
