import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeListRoomsHandler } from '../../../../lambdas/http/list-rooms.handler';
import { tableOnMockedClient } from '../adapters/mocked-clients';
import { bodyOf, httpEvent, roomItem } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const handler = makeListRoomsHandler(tableOnMockedClient('rooms'));

beforeEach(() => ddb.reset());

describe('GET /rooms', () => {
  it('lists the lobby first, then the stored rooms', async () => {
    ddb.on(QueryCommand).resolves({ Items: [roomItem('music'), roomItem('art')] });
    const result = await handler(httpEvent('GET /rooms'));
    expect(result.statusCode).toBe(200);
    const { rooms } = bodyOf(result) as { rooms: { roomId: string }[] };
    expect(rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'music']);
  });

  it('lists the lobby when nothing is stored', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const { rooms } = bodyOf(await handler(httpEvent('GET /rooms'))) as { rooms: { roomId: string }[] };
    expect(rooms).toEqual([
      { roomId: 'lobby', name: 'Lobby', createdAt: expect.any(String), createdBy: 'chatty' },
    ]);
  });

  it('answers 500 without details when the table fails', async () => {
    ddb.on(QueryCommand).rejects(new Error('ResourceNotFoundException: Requested resource not found'));
    const result = await handler(httpEvent('GET /rooms'));
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/ResourceNotFound/);
  });
});
