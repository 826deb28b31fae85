import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { GuestNameTable } from '../../../../lambdas/adapters/guest-name-table';

const ddb = mockClient(DynamoDBDocumentClient);
const NOW = 1_714_564_800;
const table = new GuestNameTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);
const hold = { canonical: 'allce', name: 'Alice', sessionId: 's1', expiresAt: NOW + 43_200 };
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => ddb.reset());

describe('GuestNameTable.claim', () => {
  it('puts the hold under the skeleton, with the session and the TTL, if the name is free or its hold expired', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await table.claim(hold, NOW)).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Item: {
        pk: 'NAME#allce',
        sk: 'NAME',
        kind: 'guest',
        name: 'Alice',
        sessionId: 's1',
        expiresAt: NOW + 43_200,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now OR sessionId = :sessionId',
      ExpressionAttributeValues: { ':now': NOW, ':sessionId': 's1' },
    });
  });

  it("lets the same session's retried claim succeed (its own first write is there): the claim is idempotent", async () => {
    // The condition is DynamoDB's to evaluate; what the adapter owes is naming the session in it.
    ddb.on(PutCommand).resolves({});
    expect(await table.claim(hold, NOW)).toBe(true);
    expect(await table.claim(hold, NOW)).toBe(true);
    for (const call of ddb.commandCalls(PutCommand)) {
      expect(call.args[0].input.ConditionExpression).toContain('sessionId = :sessionId');
      expect(call.args[0].input.ExpressionAttributeValues?.[':sessionId']).toBe(hold.sessionId);
    }
  });

  it('answers false when a live hold is there (the condition failed)', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    expect(await table.claim(hold, NOW)).toBe(false);
  });

  it('passes on any other failure', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(table.claim(hold, NOW)).rejects.toThrow('ProvisionedThroughput');
  });
});

describe('GuestNameTable.release', () => {
  it("deletes the hold only if it is this session's guest hold", async () => {
    ddb.on(DeleteCommand).resolves({});
    expect(await table.release('allce', 's1')).toBe(true);
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'NAME#allce', sk: 'NAME' },
      ConditionExpression: 'sessionId = :sessionId AND #kind = :guest',
      ExpressionAttributeNames: { '#kind': 'kind' },
      ExpressionAttributeValues: { ':sessionId': 's1', ':guest': 'guest' },
    });
  });

  it('answers false when another session (or nobody) holds it', async () => {
    ddb.on(DeleteCommand).rejects(conditionFailed());
    expect(await table.release('allce', 's2')).toBe(false);
  });

  it('passes on any other failure', async () => {
    ddb.on(DeleteCommand).rejects(new Error('InternalServerError'));
    await expect(table.release('allce', 's1')).rejects.toThrow('InternalServerError');
  });
});

describe('GuestNameTable.heldBy', () => {
  const item = { kind: 'guest', sessionId: 's1', expiresAt: NOW + 60 };

  it("reads the hold with one strongly consistent GetItem, and answers true while it is this session's and live", async () => {
    ddb.on(GetCommand).resolves({ Item: item });
    expect(await table.heldBy('allce', 's1', NOW)).toBe(true);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'NAME#allce', sk: 'NAME' },
      ConsistentRead: true,
      ProjectionExpression: 'sessionId, #kind, expiresAt',
      ExpressionAttributeNames: { '#kind': 'kind' },
    });
  });

  it.each([
    ['no hold (released)', undefined],
    ["another session's hold", { ...item, sessionId: 's2' }],
    ['an expired hold that TTL has not deleted yet', { ...item, expiresAt: NOW }],
    ["an account's username", { kind: 'account', sessionId: 's1' }],
  ])('answers false for %s', async (_label, found) => {
    ddb.on(GetCommand).resolves({ Item: found });
    expect(await table.heldBy('allce', 's1', NOW)).toBe(false);
  });

  it('passes on a failure', async () => {
    ddb.on(GetCommand).rejects(new Error('InternalServerError'));
    await expect(table.heldBy('allce', 's1', NOW)).rejects.toThrow('InternalServerError');
  });
});
