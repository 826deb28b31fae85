import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { tableOnMockedClient } from './mocked-clients';

const ddb = mockClient(DynamoDBDocumentClient);
const { members } = tableOnMockedClient('members');
const NOW = 1_700_000_000;
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const change = {
  roomId: 'lobby',
  name: 'Ada',
  enter: [] as string[],
  leave: [] as string[],
  expiresAt: NOW + 10_800,
};

beforeEach(() => ddb.reset());

const updates = () => ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);

describe('MemberTable', () => {
  it('writes a new member whole, with its sockets as a string set and its expiry', async () => {
    ddb.on(UpdateCommand).resolves({});
    expect(await members.applySockets({ ...change, enter: ['c1'] }, NOW)).toEqual(['c1']);
    expect(updates()[0]).toMatchObject({
      Key: { pk: 'MEMBERS#lobby', sk: 'NAME#Ada' },
      UpdateExpression: 'SET sockets = :enter, expiresAt = :expiresAt, #name = :name',
      ConditionExpression: 'attribute_not_exists(pk) OR NOT (expiresAt > :now)',
      ExpressionAttributeValues: { ':enter': new Set(['c1']), ':expiresAt': NOW + 10_800, ':now': NOW },
    });
  });

  it('adds the socket to a live member (ADD: a retried batch adds nothing twice)', async () => {
    ddb
      .on(UpdateCommand)
      .rejectsOnce(conditionFailed())
      .resolves({ Attributes: { sockets: new Set(['c0', 'c1']), expiresAt: NOW + 100 } });
    expect((await members.applySockets({ ...change, enter: ['c1'] }, NOW)).sort()).toEqual(['c0', 'c1']);
    expect(updates()[1]).toMatchObject({
      UpdateExpression: 'ADD sockets :enter SET expiresAt = :expiresAt, #name = :name',
    });
  });

  it('removes sockets with DELETE and deletes the member once none is left, unless one came meanwhile', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { pk: 'x', expiresAt: NOW + 100 } });
    ddb.on(DeleteCommand).resolves({});
    expect(await members.applySockets({ ...change, leave: ['c1'] }, NOW)).toEqual([]);
    expect(updates()[0]).toMatchObject({
      UpdateExpression: 'DELETE sockets :leave',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':leave': new Set(['c1']) },
    });
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'MEMBERS#lobby', sk: 'NAME#Ada' },
      ConditionExpression: 'attribute_not_exists(sockets) OR NOT (expiresAt > :now)',
    });
    ddb.on(DeleteCommand).rejects(conditionFailed());
    expect(await members.applySockets({ ...change, leave: ['c1'] }, NOW)).toEqual([]);
  });

  it('keeps a member that still has a socket, and treats a missing member as gone', async () => {
    ddb.on(UpdateCommand).resolvesOnce({ Attributes: { sockets: new Set(['c2']), expiresAt: NOW + 100 } });
    expect(await members.applySockets({ ...change, leave: ['c1'] }, NOW)).toEqual(['c2']);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(DeleteCommand).resolves({});
    expect(await members.applySockets({ ...change, leave: ['c1'] }, NOW)).toEqual([]);
  });

  it('lets other failures through, so the batch is retried', async () => {
    ddb.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(members.applySockets({ ...change, enter: ['c1'] }, NOW)).rejects.toThrow('Provisioned');
  });

  it('pages names after a name, one past the limit telling whether more follow, skipping expired ones', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ name: 'Bo' }], LastEvaluatedKey: { pk: 'a', sk: 'b' } })
      .resolves({
        Items: [{ name: 'Cy' }, { name: 'Dee' }],
      });
    expect(await members.listMembers('lobby', { limit: 2, after: 'Ada' }, NOW)).toEqual({
      names: ['Bo', 'Cy'],
      hasMore: true,
    });
    const queries = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(queries[0]).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk > :after',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeValues: { ':pk': 'MEMBERS#lobby', ':after': 'NAME#Ada', ':now': NOW },
      Limit: 3,
    });
    expect(queries[1]).toMatchObject({ Limit: 2, ExclusiveStartKey: { pk: 'a', sk: 'b' } });
  });

  it('counts with a COUNT query over every page of the room’s members', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Count: 700, LastEvaluatedKey: { pk: 'a', sk: 'b' } })
      .resolves({ Count: 3 });
    expect(await members.countMembers('lobby', NOW)).toBe(703);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ Select: 'COUNT' });
  });
});
