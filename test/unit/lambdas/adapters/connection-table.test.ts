import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectionTable, FOLLOWING_READ_ITEMS } from '../../../../lambdas/adapters/connection-table';
import { logger } from '../../../../lambdas/adapters/logger';
import type { Connection } from '../../../../lambdas/core/types';

const ddb = mockClient(DynamoDBDocumentClient);
// A slot that cannot be freed is logged as a warning; these tests provoke one on purpose.
logger.setLogLevel('SILENT');
const table = new ConnectionTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);
const NOW = 1_714_564_800;

function connection(id: string, roomId = 'general'): Connection {
  return { connectionId: id, roomId, name: `n-${id}`, connectedAt: '2024-05-01T12:00:00.000Z' };
}

function item(id: string, roomId = 'general') {
  return {
    pk: `CONN#${id}`,
    sk: 'CONN',
    roomPk: `CONNS#${roomId}`,
    roomSk: id,
    ...connection(id, roomId),
    expiresAt: NOW + 60,
  };
}

async function collect(pages: AsyncIterable<Connection[]>): Promise<Connection[][]> {
  const all: Connection[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('ConnectionTable', () => {
  beforeEach(() => ddb.reset());

  it('stores a connection under its own key and its room index key, with the TTL', async () => {
    ddb.on(PutCommand).resolves({});
    await table.putConnection(connection('abc='), NOW + 10_800);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Item: {
        pk: 'CONN#abc=',
        sk: 'CONN',
        roomPk: 'CONNS#general',
        roomSk: 'abc=',
        ...connection('abc='),
        expiresAt: NOW + 10_800,
      },
    });
  });

  it('gets a connection by id, or undefined', async () => {
    ddb.on(GetCommand, { Key: { pk: 'CONN#abc=', sk: 'CONN' } }).resolves({ Item: item('abc=') });
    ddb.on(GetCommand, { Key: { pk: 'CONN#zzz=', sk: 'CONN' } }).resolves({});
    expect(await table.getConnection('abc=')).toEqual(connection('abc='));
    expect(await table.getConnection('zzz=')).toBeUndefined();
  });

  it('deletes a connection and returns what it was', async () => {
    ddb.on(DeleteCommand).resolves({ Attributes: item('abc=') });
    expect(await table.deleteConnection('abc=')).toEqual(connection('abc='));
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'CONN#abc=', sk: 'CONN' },
      ReturnValues: 'ALL_OLD',
    });
  });

  it('stores the key of the identity whose socket slot the connection holds', async () => {
    ddb.on(PutCommand).resolves({});
    await table.putConnection(connection('abc='), NOW + 10_800, 'sockets#guest#Ada');
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      slotsKey: 'sockets#guest#Ada',
    });
  });

  it('frees the socket slot of the identity the deleted connection held', async () => {
    ddb.on(DeleteCommand).resolves({ Attributes: { ...item('abc='), slotsKey: 'sockets#guest#Ada' } });
    ddb.on(UpdateCommand).resolves({});
    expect(await table.deleteConnection('abc=')).toEqual(connection('abc='));
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'SLOTS#sockets#guest#Ada', sk: 'SLOTS' },
      UpdateExpression: 'REMOVE slots.#id0',
      ConditionExpression: 'attribute_exists(slots)',
      ExpressionAttributeNames: { '#id0': 'abc=' },
    });
  });

  it('still deletes the connection when its slot cannot be freed (the slot runs out by itself)', async () => {
    ddb.on(DeleteCommand).resolves({ Attributes: { ...item('abc='), slotsKey: 'sockets#guest#Ada' } });
    ddb.on(UpdateCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'ProvisionedThroughputExceededException',
        $metadata: {},
      }),
    );
    expect(await table.deleteConnection('abc=')).toEqual(connection('abc='));
  });

  it('frees no slot for a connection recorded without a slots key', async () => {
    ddb.on(DeleteCommand).resolves({ Attributes: item('abc=') });
    await table.deleteConnection('abc=');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('returns undefined when deleting a connection that was not there', async () => {
    ddb.on(DeleteCommand).resolves({});
    expect(await table.deleteConnection('abc=')).toBeUndefined();
  });

  it('moves an existing connection to another room, index key included', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: item('abc=', 'music') });
    expect(await table.moveConnection('abc=', 'music')).toEqual(connection('abc=', 'music'));
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'CONN#abc=', sk: 'CONN' },
      UpdateExpression: 'SET roomId = :roomId, roomPk = :roomPk',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':roomId': 'music', ':roomPk': 'CONNS#music' },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('returns undefined when moving a connection that does not exist', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    expect(await table.moveConnection('gone=', 'music')).toBeUndefined();
  });

  it('passes other update errors on', async () => {
    ddb.on(UpdateCommand).rejects(new InternalServerError({ message: 'InternalServerError', $metadata: {} }));
    await expect(table.moveConnection('abc=', 'music')).rejects.toThrow('InternalServerError');
  });

  it('lets a typing through, in one conditional write, when the socket is in that room and its last is old enough', async () => {
    ddb.on(UpdateCommand).resolves({});
    expect(await table.tryTyping('abc=', 'general', 1_000_000, 2000)).toBe(true);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'CONN#abc=', sk: 'CONN' },
      UpdateExpression: 'SET typingAt = :now',
      ConditionExpression: 'roomId = :roomId AND (attribute_not_exists(typingAt) OR typingAt <= :since)',
      ExpressionAttributeValues: { ':now': 1_000_000, ':roomId': 'general', ':since': 998_000 },
    });
  });

  it('holds a typing back when the condition fails (too soon, another room, or no such socket)', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    expect(await table.tryTyping('abc=', 'general', 1_000_000, 2000)).toBe(false);
  });

  it('passes other typing errors on', async () => {
    ddb.on(UpdateCommand).rejects(new InternalServerError({ message: 'InternalServerError', $metadata: {} }));
    await expect(table.tryTyping('abc=', 'general', 1_000_000, 2000)).rejects.toThrow('InternalServerError');
  });

  it('pages through the room on the byRoom index, filtering expired ones, and never scans', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [item('a'), item('b')],
        LastEvaluatedKey: { roomPk: 'CONNS#general', roomSk: 'b' },
      })
      .resolvesOnce({ Items: [], LastEvaluatedKey: { roomPk: 'CONNS#general', roomSk: 'c' } })
      .resolves({ Items: [item('d')] });

    const pages = await collect(table.roomConnections('general', NOW));

    expect(pages).toEqual([[connection('a'), connection('b')], [connection('d')]]);
    const calls = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(calls[0]).toEqual({
      TableName: 'chatty',
      IndexName: 'byRoom',
      KeyConditionExpression: 'roomPk = :roomPk',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeValues: { ':roomPk': 'CONNS#general', ':now': NOW },
      ExclusiveStartKey: undefined,
    });
    expect(calls.map((c) => c.ExclusiveStartKey)).toEqual([
      undefined,
      { roomPk: 'CONNS#general', roomSk: 'b' },
      { roomPk: 'CONNS#general', roomSk: 'c' },
    ]);
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('reads a fan-out’s first page alone, then bigger Queries split into pages of the size asked', async () => {
    const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => item(`s${from + i}`));
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: items(0, 2), LastEvaluatedKey: { roomPk: 'CONNS#general', roomSk: 's1' } })
      .resolvesOnce({ Items: items(2, 5), LastEvaluatedKey: { roomPk: 'CONNS#general', roomSk: 's6' } })
      .resolves({ Items: items(7, 1) });

    const pages = await collect(table.roomConnections('general', NOW, 2));

    expect(pages.map((p) => p.map((c) => c.connectionId))).toEqual([
      ['s0', 's1'],
      ['s2', 's3'],
      ['s4', 's5'],
      ['s6'],
      ['s7'],
    ]);
    expect(ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.Limit)).toEqual([
      2,
      FOLLOWING_READ_ITEMS,
      FOLLOWING_READ_ITEMS,
    ]);
  });

  it('yields nothing for an empty room', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    expect(await collect(table.roomConnections('empty', NOW))).toEqual([]);
  });
});
