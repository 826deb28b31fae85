import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RoomTable } from '../../../../lambdas/adapters/room-table';
import type { Room } from '../../../../lambdas/core/types';

const ddb = mockClient(DynamoDBDocumentClient);
const NOW = 1_714_564_800; // 2024-05-01T12:00:00Z, in seconds
const DAY = 24 * 60 * 60;
const clock = { nowMs: NOW * 1000, now: () => clock.nowMs };
const newTable = () =>
  new RoomTable(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })), 'chatty', clock);
let table = newTable();

const music: Room = {
  roomId: 'music',
  name: 'Music',
  createdAt: '2024-05-01T12:00:00.000Z',
  createdBy: 'Ada',
};
const item = (room: Room, expiresAt?: number) => ({
  pk: 'ROOMS',
  sk: `ROOM#${room.roomId}`,
  ...room,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => {
  ddb.reset();
  clock.nowMs = NOW * 1000;
  table = newTable();
});

describe('RoomTable.getRoom', () => {
  it('gets a room by its key', async () => {
    ddb.on(GetCommand).resolves({ Item: item(music, NOW + 30 * DAY) });
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

  it('returns undefined for a room past its expiry that DynamoDB has not deleted yet', async () => {
    ddb.on(GetCommand).resolves({ Item: item(music, NOW) });
    expect(await table.getRoom('music')).toBeUndefined();
  });

  it('takes a room stored without an expiry (before rooms expired) as live', async () => {
    ddb.on(GetCommand).resolves({ Item: item(music) });
    expect(await table.getRoom('music')).toEqual(music);
  });

  it('remembers a room it found until its expiry, but not one it did not find', async () => {
    ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#music' } }).resolves({ Item: item(music, NOW + 60) });
    ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#later' } }).resolves({});
    expect(await table.getRoom('music')).toEqual(music);
    expect(await table.getRoom('music')).toEqual(music);
    expect(await table.getRoom('later')).toBeUndefined();
    expect(await table.getRoom('later')).toBeUndefined();
    clock.nowMs += 60_000;
    expect(await table.getRoom('music')).toBeUndefined();
    const keys = ddb.commandCalls(GetCommand).map((c) => c.args[0].input.Key?.sk);
    expect(keys).toEqual(['ROOM#music', 'ROOM#later', 'ROOM#later', 'ROOM#music']);
  });
});

describe('RoomTable.createRoom', () => {
  it('stores the room with its TTL, only if its key is free or holds an expired room', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await table.createRoom(music, NOW + 30 * DAY)).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Item: item(music, NOW + 30 * DAY),
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
      ExpressionAttributeValues: { ':now': NOW },
    });
  });

  it('answers false when a live room has the id', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    expect(await table.createRoom(music, NOW + 30 * DAY)).toBe(false);
  });

  it('passes other errors on', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(table.createRoom(music, NOW)).rejects.toThrow('ProvisionedThroughputExceeded');
  });
});

describe('RoomTable.listRooms', () => {
  const art = { ...music, roomId: 'art', name: 'Art' };
  const zoo = { ...music, roomId: 'zoo', name: 'Zoo' };

  it('queries the rooms after the cursor, live and public ones only, one past the limit', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(art), item(music)] });
    expect(await table.listRooms({ limit: 2, after: '' })).toEqual({ rooms: [art, music], hasMore: false });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      KeyConditionExpression: 'pk = :pk AND sk > :after',
      // A private room is listed to its members only (from their roles), never in the public list.
      FilterExpression:
        '(attribute_not_exists(expiresAt) OR expiresAt > :now) AND (attribute_not_exists(#visibility) OR #visibility <> :private)',
      ExpressionAttributeNames: { '#visibility': 'visibility' },
      ExpressionAttributeValues: { ':pk': 'ROOMS', ':after': 'ROOM#', ':now': NOW, ':private': 'private' },
      Limit: 3,
      ExclusiveStartKey: undefined,
    });
  });

  it('says more follow when it finds one past the limit', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(music), item(zoo)], LastEvaluatedKey: { pk: 'ROOMS' } });
    expect(await table.listRooms({ limit: 1, after: 'art' })).toEqual({ rooms: [music], hasMore: true });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':after']).toBe(
      'ROOM#art',
    );
  });

  it('follows LastEvaluatedKey when the filter left the page short', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item(art)], LastEvaluatedKey: { pk: 'ROOMS', sk: 'ROOM#expired' } })
      .resolves({ Items: [item(music)] });
    expect(await table.listRooms({ limit: 2, after: '' })).toEqual({ rooms: [art, music], hasMore: false });
    const inputs = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(inputs[1]).toMatchObject({ Limit: 2, ExclusiveStartKey: { pk: 'ROOMS', sk: 'ROOM#expired' } });
  });

  it('with limit 0 only finds out whether any room lies past the cursor', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(art)] });
    expect(await table.listRooms({ limit: 0, after: '' })).toEqual({ rooms: [], hasMore: true });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.Limit).toBe(1);
  });
});

describe('RoomTable.keepAlive', () => {
  const target = NOW + 30 * DAY;

  it('writes nothing while the expiry it read is within the slack of the new one', async () => {
    ddb.on(GetCommand).resolves({ Item: item(music, target - DAY + 1) });
    await table.getRoom('music');
    await table.keepAlive('music', target, DAY);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('pushes a short expiry out with one conditional update, then writes no more that day', async () => {
    ddb.on(GetCommand).resolves({ Item: item(music, target - 2 * DAY) });
    ddb.on(UpdateCommand).resolves({});
    await table.getRoom('music');
    await table.keepAlive('music', target, DAY);
    await table.keepAlive('music', target + 3600, DAY);
    expect(ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'chatty',
        Key: { pk: 'ROOMS', sk: 'ROOM#music' },
        UpdateExpression: 'SET expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(expiresAt) OR expiresAt < :low)',
        ExpressionAttributeValues: { ':expiresAt': target, ':low': target - DAY },
      },
    ]);
  });

  it('gives a room stored without an expiry one', async () => {
    ddb.on(GetCommand).resolves({ Item: item(music) });
    ddb.on(UpdateCommand).resolves({});
    await table.getRoom('music');
    await table.keepAlive('music', target, DAY);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('takes a failed condition as another instance having pushed it out, and stops trying', async () => {
    ddb.on(GetCommand).resolves({ Item: item(music, target - 2 * DAY) });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await table.getRoom('music');
    await table.keepAlive('music', target, DAY);
    await table.keepAlive('music', target, DAY);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('passes other errors on', async () => {
    ddb.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(table.keepAlive('music', target, DAY)).rejects.toThrow('ProvisionedThroughputExceeded');
  });
});
