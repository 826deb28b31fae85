import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makeListMembersHandler } from '../../../../lambdas/http/list-members.handler';
import { tableOnMockedClient } from '../adapters/mocked-clients';
import { bodyOf, connectionItem, httpEvent } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const handler = makeListMembersHandler({
  ...tableOnMockedClient('rooms', 'connections'),
  clock: systemClock,
});

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
});

const members = (roomId: string) =>
  handler(httpEvent('GET /rooms/{roomId}/members', { pathParameters: { roomId } }));

describe('GET /rooms/{roomId}/members', () => {
  it('lists the names connected to the room, each once, sorted, across query pages', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [connectionItem('c1', 'lobby', 'Cy'), connectionItem('c2', 'lobby', 'Ada')],
        LastEvaluatedKey: { roomPk: 'CONNS#lobby', roomSk: 'c2' },
      })
      .resolves({ Items: [connectionItem('c3', 'lobby', 'Ada')] });
    const result = await members('lobby');
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ roomId: 'lobby', members: ['Ada', 'Cy'] });
    expect(ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.IndexName)).toEqual([
      'byRoom',
      'byRoom',
    ]);
  });

  it('answers 404 for an unknown room', async () => {
    const result = await members('nowhere');
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'room_not_found' } });
  });
});
