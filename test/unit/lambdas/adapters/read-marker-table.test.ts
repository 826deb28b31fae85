import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  InternalServerError,
} from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReadMarkerTable } from '../../../../lambdas/adapters/read-marker-table';
import { only } from '../../../lists';

const ddb = mockClient(DynamoDBDocumentClient);
const slept: number[] = [];
const table = new ReadMarkerTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
  async (ms) => {
    slept.push(ms);
  },
);
const NOW = 1_714_564_800;
const ID = '1714564800000-aaaaaaaaaa';

beforeEach(() => {
  ddb.reset();
  slept.length = 0;
});

describe('ReadMarkerTable', () => {
  it('moves the marker forward with one conditional update of the person’s item for the room', async () => {
    ddb.on(UpdateCommand).resolves({});
    await table.markRead('guest#Ada', 'general', ID, NOW + 3600);
    expect(only(ddb.commandCalls(UpdateCommand)).args[0].input).toMatchObject({
      TableName: 'chatty',
      Key: { pk: 'READ#guest#Ada', sk: 'ROOM#general' },
      UpdateExpression: 'SET messageId = :messageId, expiresAt = :expiresAt',
      ConditionExpression: 'attribute_not_exists(messageId) OR messageId < :messageId OR expiresAt <= :now',
      ExpressionAttributeValues: expect.objectContaining({ ':messageId': ID, ':expiresAt': NOW + 3600 }),
    });
  });

  it('leaves a marker already at a newer message as it is, and passes other failures on', async () => {
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    await expect(table.markRead('guest#Ada', 'general', ID, NOW)).resolves.toBeUndefined();
    ddb.on(UpdateCommand).rejects(new InternalServerError({ message: 'oops', $metadata: {} }));
    await expect(table.markRead('guest#Ada', 'general', ID, NOW)).rejects.toBeInstanceOf(InternalServerError);
  });

  it('reads the markers of a page of rooms in one BatchGetItem, leaving out expired ones', async () => {
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        chatty: [
          { sk: 'ROOM#general', messageId: ID, expiresAt: NOW + 1 },
          { sk: 'ROOM#old', messageId: ID, expiresAt: NOW },
        ],
      },
    });
    const markers = await table.markersOf('guest#Ada', ['general', 'old', 'lobby'], NOW);
    expect([...markers]).toEqual([['general', ID]]);
    expect(only(ddb.commandCalls(BatchGetCommand)).args[0].input.RequestItems?.chatty?.Keys).toEqual([
      { pk: 'READ#guest#Ada', sk: 'ROOM#general' },
      { pk: 'READ#guest#Ada', sk: 'ROOM#old' },
      { pk: 'READ#guest#Ada', sk: 'ROOM#lobby' },
    ]);
  });

  it('asks again for unprocessed keys with a growing pause, then counts the rest as unread', async () => {
    const lobby = { pk: 'READ#guest#Ada', sk: 'ROOM#lobby' };
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { chatty: [] }, UnprocessedKeys: { chatty: { Keys: [lobby] } } })
      .resolvesOnce({ Responses: { chatty: [{ sk: 'ROOM#lobby', messageId: ID, expiresAt: NOW + 9 }] } });
    expect([...(await table.markersOf('guest#Ada', ['lobby'], NOW))]).toEqual([['lobby', ID]]);
    expect(slept).toEqual([100]);
    ddb.reset();
    ddb.on(BatchGetCommand).resolves({ UnprocessedKeys: { chatty: { Keys: [lobby] } } });
    expect((await table.markersOf('guest#Ada', ['lobby'], NOW)).size).toBe(0);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(4);
  });

  it('splits more than 100 rooms over several batches (BatchGetItem takes 100 keys)', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { chatty: [] } });
    await table.markersOf(
      'guest#Ada',
      Array.from({ length: 150 }, (_, i) => `r${i}`),
      NOW,
    );
    expect(
      ddb.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems?.chatty?.Keys?.length),
    ).toEqual([100, 50]);
  });
});
