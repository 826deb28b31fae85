import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RevokedSignInTable } from '../../../../lambdas/adapters/revoked-sign-in-table';

const ddb = mockClient(DynamoDBDocumentClient);
const table = new RevokedSignInTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);
const NOW = 1_800_000_000;

beforeEach(() => ddb.reset());

describe('RevokedSignInTable.revoke', () => {
  it('puts the revoked sign-in under its origin_jti, its TTL when no token of it can be valid, once', async () => {
    ddb.on(PutCommand).resolves({});
    expect(await table.revoke('origin-1', NOW + 100)).toBe(true);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Item: { pk: 'REVOKED#origin-1', sk: 'REVOKED', expiresAt: NOW + 100 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('answers false when the sign-in was revoked already (the condition failed)', async () => {
    ddb
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    expect(await table.revoke('origin-1', NOW + 100)).toBe(false);
  });

  it('passes on any other failure', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(table.revoke('origin-1', NOW)).rejects.toThrow('ProvisionedThroughput');
  });
});

describe('RevokedSignInTable.isRevoked', () => {
  it('reads the record with one strongly consistent GetItem; revoked while its TTL has not passed', async () => {
    ddb.on(GetCommand).resolves({ Item: { expiresAt: NOW + 1 } });
    expect(await table.isRevoked('origin-1', NOW)).toBe(true);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'REVOKED#origin-1', sk: 'REVOKED' },
      ConsistentRead: true,
      ProjectionExpression: 'expiresAt',
    });
  });

  it('answers false for no record, and for one past its TTL that DynamoDB has not deleted yet', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce({ Item: { expiresAt: NOW } });
    expect(await table.isRevoked('origin-1', NOW)).toBe(false);
    expect(await table.isRevoked('origin-1', NOW)).toBe(false);
  });

  it('passes on a failure (a 500, not a pass)', async () => {
    ddb.on(GetCommand).rejects(new Error('InternalServerError'));
    await expect(table.isRevoked('origin-1', NOW)).rejects.toThrow('InternalServerError');
  });
});
