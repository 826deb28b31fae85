import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SessionSocketTable } from '../../../../lambdas/adapters/session-socket-table';

const ddb = mockClient(DynamoDBDocumentClient);
const table = new SessionSocketTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);

beforeEach(() => ddb.reset());

describe('SessionSocketTable.socketsOf', () => {
  it("reads the identity's slots, then its sockets' records in one batch, and keeps the session's own", async () => {
    ddb.on(GetCommand).resolves({ Item: { slots: { c1: 100, c2: 100, c3: 100 } } });
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        chatty: [
          { connectionId: 'c1', sessionId: 's1' },
          { connectionId: 'c2', sessionId: 's0' },
          // A record from before sockets named their session: not this session's.
          { connectionId: 'c3' },
        ],
      },
    });
    expect(await table.socketsOf('sockets#guest#Ada', 's1')).toEqual(['c1']);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'SLOTS#sockets#guest#Ada', sk: 'SLOTS' },
      ConsistentRead: true,
    });
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input).toEqual({
      RequestItems: {
        chatty: {
          Keys: ['c1', 'c2', 'c3'].map((id) => ({ pk: `CONN#${id}`, sk: 'CONN' })),
          ConsistentRead: true,
          ProjectionExpression: 'connectionId, sessionId',
        },
      },
    });
  });

  it('reads no records when the identity has no slots item, or an empty one', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce({ Item: { slots: {} } });
    expect(await table.socketsOf('k', 's1')).toEqual([]);
    expect(await table.socketsOf('k', 's1')).toEqual([]);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('reads unprocessed keys again', async () => {
    ddb.on(GetCommand).resolves({ Item: { slots: { c1: 100, c2: 100 } } });
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { chatty: [{ connectionId: 'c1', sessionId: 's1' }] },
        UnprocessedKeys: { chatty: { Keys: [{ pk: 'CONN#c2', sk: 'CONN' }] } },
      })
      .resolvesOnce({ Responses: { chatty: [{ connectionId: 'c2', sessionId: 's1' }] } });
    expect(await table.socketsOf('k', 's1')).toEqual(['c1', 'c2']);
    expect(ddb.commandCalls(BatchGetCommand)[1]?.args[0].input.RequestItems?.chatty?.Keys).toEqual([
      { pk: 'CONN#c2', sk: 'CONN' },
    ]);
  });

  it('waits before each new round, with exponential backoff and full jitter (50, 100, 200 ms… times a random share)', async () => {
    const waits: number[] = [];
    const backingOff = new SessionSocketTable(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      'chatty',
      async (ms) => {
        waits.push(ms);
      },
      () => 0.5,
    );
    const unprocessed = { UnprocessedKeys: { chatty: { Keys: [{ pk: 'CONN#c1', sk: 'CONN' }] } } };
    ddb.on(GetCommand).resolves({ Item: { slots: { c1: 100 } } });
    ddb
      .on(BatchGetCommand)
      .resolvesOnce(unprocessed)
      .resolvesOnce(unprocessed)
      .resolvesOnce(unprocessed)
      .resolvesOnce({ Responses: { chatty: [{ connectionId: 'c1', sessionId: 's1' }] } });
    expect(await backingOff.socketsOf('k', 's1')).toEqual(['c1']);
    expect(waits).toEqual([25, 50, 100]);
  });

  it('gives up after six rounds when keys stay unprocessed (a failure, not a partial answer)', async () => {
    const waits: number[] = [];
    const backingOff = new SessionSocketTable(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      'chatty',
      async (ms) => {
        waits.push(ms);
      },
      () => 1,
    );
    ddb.on(GetCommand).resolves({ Item: { slots: { c1: 100, c2: 100 } } });
    ddb.on(BatchGetCommand).resolves({
      Responses: { chatty: [{ connectionId: 'c1', sessionId: 's1' }] },
      UnprocessedKeys: { chatty: { Keys: [{ pk: 'CONN#c2', sk: 'CONN' }] } },
    });
    await expect(backingOff.socketsOf('k', 's1')).rejects.toThrow(/unprocessed after 6 rounds/);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(6);
    expect(waits).toEqual([50, 100, 200, 400, 800]);
  });

  it('passes on a failure', async () => {
    ddb.on(GetCommand).rejects(new Error('InternalServerError'));
    await expect(table.socketsOf('k', 's1')).rejects.toThrow('InternalServerError');
  });
});
