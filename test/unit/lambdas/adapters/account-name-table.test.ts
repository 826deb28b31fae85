import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountNameTable } from '../../../../lambdas/adapters/account-name-table';

const ddb = mockClient(DynamoDBDocumentClient);
const NOW = 1_714_564_800;
const table = new AccountNameTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => ddb.reset());

const alice = { canonical: 'allce', username: 'Alice' };
const values = { ':account': 'account', ':now': NOW, ':name': 'Alice' };
const names = { '#kind': 'kind', '#name': 'name' };

describe('AccountNameTable.reserve', () => {
  it("puts a pending account item (expiresAt) under the skeleton, if it is free, expired, or this username's pending one", async () => {
    ddb.on(PutCommand).resolves({});
    expect(await table.reserve(alice, NOW, NOW + 86_400)).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Item: { pk: 'NAME#allce', sk: 'NAME', kind: 'account', name: 'Alice', expiresAt: NOW + 86_400 },
      // Never over a confirmed one (no expiresAt), even this username's: it would get an expiry.
      ConditionExpression:
        'attribute_not_exists(pk) OR expiresAt <= :now OR (#kind = :account AND #name = :name AND attribute_exists(expiresAt))',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  });

  it('answers false when another account or a live guest holds the skeleton (the condition failed)', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    expect(await table.reserve({ canonical: 'allce', username: 'alice' }, NOW, NOW + 1)).toBe(false);
  });

  it('passes on any other failure', async () => {
    ddb.on(PutCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'ProvisionedThroughputExceededException',
        $metadata: {},
      }),
    );
    await expect(table.reserve(alice, NOW, NOW + 1)).rejects.toThrow('ProvisionedThroughput');
  });
});

describe('AccountNameTable.confirm', () => {
  it("puts the account item without an expiry (for good) if it is still this username's, or free again", async () => {
    ddb.on(PutCommand).resolves({});
    expect(await table.confirm(alice, NOW)).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Item: { pk: 'NAME#allce', sk: 'NAME', kind: 'account', name: 'Alice' },
      ConditionExpression:
        'attribute_not_exists(pk) OR expiresAt <= :now OR (#kind = :account AND #name = :name)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  });

  it('answers false when someone took the skeleton after the reservation expired, and passes on other failures', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    expect(await table.confirm(alice, NOW)).toBe(false);
    ddb.on(PutCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'ProvisionedThroughputExceededException',
        $metadata: {},
      }),
    );
    await expect(table.confirm(alice, NOW)).rejects.toThrow('ProvisionedThroughput');
  });
});
