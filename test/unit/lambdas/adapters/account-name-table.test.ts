import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
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

describe('AccountNameTable.reserve', () => {
  it("puts an account item with no expiry under the skeleton, if it is free, a guest's expired hold or already this username's", async () => {
    ddb.on(PutCommand).resolves({});
    expect(await table.reserve({ canonical: 'allce', username: 'Alice' }, NOW)).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Item: { pk: 'NAME#allce', sk: 'NAME', kind: 'account', name: 'Alice' },
      ConditionExpression:
        'attribute_not_exists(pk) OR (#kind = :guest AND expiresAt <= :now) OR (#kind = :account AND #name = :name)',
      ExpressionAttributeNames: { '#kind': 'kind', '#name': 'name' },
      ExpressionAttributeValues: { ':guest': 'guest', ':account': 'account', ':now': NOW, ':name': 'Alice' },
    });
  });

  it('answers false when another account or a live guest holds the skeleton (the condition failed)', async () => {
    ddb.on(PutCommand).rejects(conditionFailed());
    expect(await table.reserve({ canonical: 'allce', username: 'alice' }, NOW)).toBe(false);
  });

  it('passes on any other failure', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(table.reserve({ canonical: 'allce', username: 'Alice' }, NOW)).rejects.toThrow(
      'ProvisionedThroughput',
    );
  });
});
