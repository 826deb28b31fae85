import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RoomTable } from '../../../../lambdas/adapters/room-table';
import type { Room } from '../../../../lambdas/core/types';

const ddb = mockClient(DynamoDBDocumentClient);
const table = new RoomTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);
const music: Room = {
  roomId: 'music',
  name: 'Music',
  createdAt: '2024-05-01T12:00:00.000Z',
  createdBy: 'Ada',
};

describe('RoomTable', () => {
  beforeEach(() => ddb.reset());

  it('gets a room by its key', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'ROOMS', sk: 'ROOM#music', ...music } });
    expect(await table.getRoom('music')).toEqual(music);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'ROOMS', sk: 'ROOM#music' },
    });
  });

  it('returns undefined for a room that is not stored', async () => {
    ddb.on(GetCommand).resolves({});
    expect(await table.getRoom('nowhere')).toBeUndefined();
  });

  it('remembers a room it found (rooms never change) but not one it did not', async () => {
    const fresh = new RoomTable(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      'chatty',
    );
    ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#music' } }).resolves({ Item: { ...music } });
    ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#later' } }).resolves({});
    expect(await fresh.getRoom('music')).toEqual(music);
    expect(await fresh.getRoom('music')).toEqual(music);
    expect(await fresh.getRoom('later')).toBeUndefined();
    expect(await fresh.getRoom('later')).toBeUndefined();
    const keys = ddb.commandCalls(GetCommand).map((c) => c.args[0].input.Key?.sk);
    expect(keys).toEqual(['ROOM#music', 'ROOM#later', 'ROOM#later']);
  });

  it('creates a room only if its key is free', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await table.createRoom(music)).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Item: { pk: 'ROOMS', sk: 'ROOM#music', ...music },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('answers false when the room exists already', async () => {
    ddb
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    expect(await table.createRoom(music)).toBe(false);
  });

  it('passes other errors on', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(table.createRoom(music)).rejects.toThrow('ProvisionedThroughputExceeded');
  });

  it('lists rooms with a Query that follows LastEvaluatedKey', async () => {
    const art = { ...music, roomId: 'art', name: 'Art' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ pk: 'ROOMS', sk: 'ROOM#music', ...music }],
        LastEvaluatedKey: { pk: 'ROOMS', sk: 'x' },
      })
      .resolves({ Items: [{ pk: 'ROOMS', sk: 'ROOM#art', ...art }] });

    expect(await table.listRooms()).toEqual([music, art]);
    const calls = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      {
        TableName: 'chatty',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'ROOMS' },
        ExclusiveStartKey: undefined,
      },
      expect.objectContaining({ ExclusiveStartKey: { pk: 'ROOMS', sk: 'x' } }),
    ]);
  });
});
