import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SocketSlotTable } from '../../../../lambdas/adapters/socket-slot-table';

const ddb = mockClient(DynamoDBDocumentClient);
const slots = new SocketSlotTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);
const NOW = 1_714_564_800;
const UNTIL = NOW + 7200;
const KEY = { pk: 'SLOTS#sockets#guest#Ada', sk: 'SLOTS' };
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const updates = () => ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
const addSlot = (id: string) => ({
  TableName: 'chatty',
  Key: KEY,
  UpdateExpression: 'SET slots.#id = :until, expiresAt = :until',
  ConditionExpression: 'size(slots) < :limit',
  ExpressionAttributeNames: { '#id': id },
  ExpressionAttributeValues: { ':until': UNTIL, ':limit': 3 },
});

describe('SocketSlotTable', () => {
  beforeEach(() => ddb.reset());

  it('takes a slot in one conditional write, without reading, while fewer than the limit are taken', async () => {
    ddb.on(UpdateCommand).resolves({});
    expect(await slots.claim('sockets#guest#Ada', 'new=', UNTIL, NOW, 3)).toBe(true);
    expect(updates()).toEqual([addSlot('new=')]);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('creates the identity’s item on its first socket', async () => {
    ddb.on(UpdateCommand, { ConditionExpression: 'size(slots) < :limit' }).rejects(conditionFailed());
    ddb.on(UpdateCommand, { ConditionExpression: 'attribute_not_exists(slots)' }).resolves({});
    ddb.on(GetCommand).resolves({});
    expect(await slots.claim('sockets#guest#Ada', 'new=', UNTIL, NOW, 3)).toBe(true);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: KEY,
      ConsistentRead: true,
    });
    expect(updates()[1]).toEqual({
      TableName: 'chatty',
      Key: KEY,
      UpdateExpression: 'SET slots = :slots, expiresAt = :until',
      ConditionExpression: 'attribute_not_exists(slots)',
      ExpressionAttributeValues: { ':slots': { 'new=': UNTIL }, ':until': UNTIL },
    });
  });

  it('tries again when another connect created the item first', async () => {
    ddb
      .on(UpdateCommand, { ConditionExpression: 'size(slots) < :limit' })
      .rejectsOnce(conditionFailed())
      .resolves({});
    ddb.on(UpdateCommand, { ConditionExpression: 'attribute_not_exists(slots)' }).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({});
    expect(await slots.claim('sockets#guest#Ada', 'new=', UNTIL, NOW, 3)).toBe(true);
    expect(updates().map((u) => u.ConditionExpression)).toEqual([
      'size(slots) < :limit',
      'attribute_not_exists(slots)',
      'size(slots) < :limit',
    ]);
  });

  it('refuses when every slot is held by a socket whose time is not up', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { ...KEY, slots: { 'a=': NOW + 1, 'b=': UNTIL, 'c=': UNTIL } } });
    expect(await slots.claim('sockets#guest#Ada', 'new=', UNTIL, NOW, 3)).toBe(false);
    expect(updates()).toEqual([addSlot('new=')]);
  });

  it('frees the slots whose time is up (sockets dropped without $disconnect), then takes one', async () => {
    ddb
      .on(UpdateCommand, { ConditionExpression: 'size(slots) < :limit' })
      .rejectsOnce(conditionFailed())
      .resolves({});
    ddb.on(UpdateCommand, { ConditionExpression: 'attribute_exists(slots)' }).resolves({});
    ddb.on(GetCommand).resolves({ Item: { ...KEY, slots: { 'a=': NOW, 'b=': UNTIL, 'c=': NOW - 60 } } });
    expect(await slots.claim('sockets#guest#Ada', 'new=', UNTIL, NOW, 3)).toBe(true);
    expect(updates()).toEqual([
      addSlot('new='),
      {
        TableName: 'chatty',
        Key: KEY,
        UpdateExpression: 'REMOVE slots.#id0, slots.#id1',
        ConditionExpression: 'attribute_exists(slots)',
        ExpressionAttributeNames: { '#id0': 'a=', '#id1': 'c=' },
      },
      addSlot('new='),
    ]);
  });

  it('refuses when other connects took the freed slots first', async () => {
    ddb.on(UpdateCommand, { ConditionExpression: 'size(slots) < :limit' }).rejects(conditionFailed());
    ddb.on(UpdateCommand, { ConditionExpression: 'attribute_exists(slots)' }).resolves({});
    ddb.on(GetCommand).resolves({ Item: { ...KEY, slots: { 'a=': NOW, 'b=': UNTIL, 'c=': UNTIL } } });
    expect(await slots.claim('sockets#guest#Ada', 'new=', UNTIL, NOW, 3)).toBe(false);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('releases a slot, and does nothing when the identity has none', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    await expect(slots.release('sockets#guest#Ada', 'a=')).resolves.toBeUndefined();
    expect(updates()[0]).toMatchObject({ UpdateExpression: 'REMOVE slots.#id0', Key: KEY });
  });

  it('passes other errors on', async () => {
    ddb.on(UpdateCommand).rejects(new Error('InternalServerError'));
    await expect(slots.claim('sockets#guest#Ada', 'new=', UNTIL, NOW, 3)).rejects.toThrow(
      'InternalServerError',
    );
  });
});
