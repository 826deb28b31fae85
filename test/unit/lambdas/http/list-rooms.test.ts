import { DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { ReadMarkerTable } from '../../../../lambdas/adapters/read-marker-table';
import { RoomAccessTable } from '../../../../lambdas/adapters/room-access-table';
import { makeListRoomsHandler } from '../../../../lambdas/http/list-rooms.handler';
import { bearerAuthenticate } from '../../../../lambdas/http/person';
import { TABLE, tableOnMockedClient } from '../adapters/mocked-clients';
import { ACCOUNT_TOKEN, bearer, bodyOf, httpEvent, identityCheck, roomItem } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const { rooms, messages } = tableOnMockedClient('rooms', 'messages');
const handler = makeListRoomsHandler({
  rooms,
  records: messages,
  markers: new ReadMarkerTable(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    TABLE,
  ),
  authenticate: bearerAuthenticate(identityCheck()),
  access: new RoomAccessTable(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    TABLE,
  ),
  clock: systemClock,
});

beforeEach(() => ddb.reset());

describe('GET /rooms', () => {
  it('lists the lobby first, then the stored rooms in the order of their ids', async () => {
    ddb.on(QueryCommand).resolves({ Items: [roomItem('art'), roomItem('music')] });
    const result = await handler(httpEvent('GET /rooms'));
    expect(result.statusCode).toBe(200);
    const { rooms, next } = bodyOf(result) as { rooms: { roomId: string }[]; next: string | null };
    expect(rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'music']);
    expect(next).toBeNull();
  });

  it('lists the lobby when nothing is stored', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const { rooms } = bodyOf(await handler(httpEvent('GET /rooms'))) as { rooms: { roomId: string }[] };
    expect(rooms).toEqual([
      { roomId: 'lobby', name: 'Lobby', createdAt: expect.any(String), createdBy: 'chatty' },
    ]);
  });

  it('pages with limit and next: the next page continues after the last room', async () => {
    ddb.on(QueryCommand).resolves({ Items: [roomItem('art'), roomItem('music')] });
    const first = bodyOf(await handler(httpEvent('GET /rooms', { query: { limit: '2' } }))) as {
      rooms: { roomId: string }[];
      next: string | null;
    };
    expect(first.rooms.map((r) => r.roomId)).toEqual(['lobby', 'art']);
    expect(first.next).toEqual(expect.any(String));
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [roomItem('music')] });
    const second = bodyOf(
      await handler(httpEvent('GET /rooms', { query: { limit: '2', next: first.next ?? '' } })),
    ) as { rooms: { roomId: string }[]; next: string | null };
    expect(second).toMatchObject({ rooms: [{ roomId: 'music' }], next: null });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':after']).toBe(
      'ROOM#art',
    );
  });

  it('answers 400 invalid_cursor for a next it did not write, and invalid_request for a bad limit', async () => {
    const badCursor = await handler(httpEvent('GET /rooms', { query: { next: 'not-a-cursor' } }));
    expect(badCursor.statusCode).toBe(400);
    expect(bodyOf(badCursor)).toMatchObject({ error: { code: 'invalid_cursor' } });
    const badLimit = await handler(httpEvent('GET /rooms', { query: { limit: '500' } }));
    expect(badLimit.statusCode).toBe(400);
    expect(bodyOf(badLimit)).toMatchObject({ error: { code: 'invalid_request' } });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('answers 500 without details when the table fails', async () => {
    ddb.on(QueryCommand).rejects(
      new ResourceNotFoundException({
        message: 'ResourceNotFoundException: Requested resource not found',
        $metadata: {},
      }),
    );
    const result = await handler(httpEvent('GET /rooms'));
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/ResourceNotFound/);
  });
});

describe('GET /rooms with a token', () => {
  it("gives each room the person's unread and mentions counts, after their read markers", async () => {
    ddb
      .on(QueryCommand, { IndexName: undefined, KeyConditionExpression: 'pk = :pk AND sk > :after' })
      .resolves({ Items: [roomItem('art')] });
    ddb.on(BatchGetCommand).resolves({
      Responses: { [TABLE]: [{ sk: 'ROOM#art', messageId: '1714564800000-aaaaaaaaaa', expiresAt: 4e9 }] },
    });
    ddb
      .on(QueryCommand, {
        ProjectionExpression: 'mentions',
        ExpressionAttributeValues: { ':pk': 'ROOM#lobby' },
      })
      .resolves({ Items: [{}, { mentions: ['Ada'] }], ScannedCount: 2 });
    ddb
      .on(QueryCommand, {
        ProjectionExpression: 'mentions',
        ExpressionAttributeValues: { ':pk': 'ROOM#art' },
      })
      .resolves({ Items: [], ScannedCount: 0 });
    const result = await handler(httpEvent('GET /rooms', { authorization: bearer('Ada') }));
    expect(result.statusCode).toBe(200);
    const { rooms } = bodyOf(result) as { rooms: { roomId: string; unread?: number; mentions?: number }[] };
    expect(rooms.map((r) => [r.roomId, r.unread, r.mentions])).toEqual([
      ['lobby', 2, 1],
      ['art', 0, 0],
    ]);
    const art = ddb
      .commandCalls(QueryCommand)
      .map((c) => c.args[0].input)
      .find((i) => i.ExpressionAttributeValues?.[':pk'] === 'ROOM#art');
    expect(art?.ExpressionAttributeValues?.[':low']).toBe('MSG#1714564800000-aaaaaaaaaa!');
  });

  it('answers 401 for a bad token, reading no room', async () => {
    const result = await handler(httpEvent('GET /rooms', { authorization: 'Bearer forged.token' }));
    expect(result.statusCode).toBe(401);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('gives no counts without a token', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const { rooms } = bodyOf(await handler(httpEvent('GET /rooms'))) as { rooms: Record<string, unknown>[] };
    expect(rooms[0]).not.toHaveProperty('unread');
  });

  it("lists an account's private rooms and DMs right after the lobby, from its roles (issue 16)", async () => {
    ddb.on(QueryCommand).resolves({ Items: [], ScannedCount: 0 });
    ddb
      .on(QueryCommand, { IndexName: undefined, KeyConditionExpression: 'pk = :pk AND sk > :after' })
      .resolves({ Items: [roomItem('art')] });
    ddb
      .on(QueryCommand, { IndexName: 'byRoom', ExpressionAttributeValues: { ':pk': 'ROOMSOF#grace' } })
      .resolves({
        Items: [
          {
            roomSk: 'dm-1',
            roomCreatedAt: '2024-05-01T10:00:00.000Z',
            role: 'member',
            kind: 'dm',
            dmWith: 'ada',
          },
          // A role left from a room since made again under the same id: not listed.
          { roomSk: 'club', roomCreatedAt: '2000-01-01T00:00:00.000Z', role: 'owner', kind: 'room' },
        ],
      });
    ddb.on(BatchGetCommand).resolves({ Responses: {} });
    ddb
      .on(BatchGetCommand, {
        RequestItems: {
          [TABLE]: {
            Keys: [
              { pk: 'ROOMS', sk: 'ROOM#dm-1' },
              { pk: 'ROOMS', sk: 'ROOM#club' },
            ],
          },
        },
      })
      .resolves({
        Responses: {
          [TABLE]: [
            { ...roomItem('dm-1'), createdAt: '2024-05-01T10:00:00.000Z', visibility: 'private', kind: 'dm' },
            { ...roomItem('club'), visibility: 'private', kind: 'room' },
          ],
        },
      });
    const result = await handler(httpEvent('GET /rooms', { authorization: `Bearer ${ACCOUNT_TOKEN}` }));
    const { rooms } = bodyOf(result) as { rooms: Record<string, unknown>[] };
    expect(rooms.map((r) => [r.roomId, r.kind, r.dmWith, r.role])).toEqual([
      ['lobby', undefined, undefined, undefined],
      ['dm-1', 'dm', 'ada', 'member'],
      ['art', undefined, undefined, undefined],
    ]);
  });
});
