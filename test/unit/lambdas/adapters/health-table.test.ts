import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { HealthTable } from '../../../../lambdas/adapters/health-table';

const ddb = mockClient(DynamoDBDocumentClient);
const table = new HealthTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);
const report = {
  ok: true,
  checkedAt: '2024-05-01T12:00:00.000Z',
  checks: { bus: { ok: true, latencyMs: 3 } },
};
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

beforeEach(() => ddb.reset());

describe('HealthTable', () => {
  it('reads the stored report with one eventually consistent GetItem', async () => {
    ddb.on(GetCommand).resolves({ Item: { report: JSON.stringify(report) } });
    expect(await table.read()).toEqual(report);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'HEALTH', sk: 'DEEP' },
    });
  });

  it('reads no report from a missing item, a claim without a report, or one it cannot parse', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce({ Item: { claimId: 'c' } })
      .resolves({ Item: { report: '{' } });
    expect(await table.read()).toBeUndefined();
    expect(await table.read()).toBeUndefined();
    expect(await table.read()).toBeUndefined();
  });

  it('claims the refresh with one conditional update, and answers false when its condition fails', async () => {
    ddb.on(UpdateCommand).resolvesOnce({}).rejects(conditionFailed());
    expect(await table.claim('c1', 1_000, 26_000, 15_000)).toBe(true);
    expect(await table.claim('c2', 1_000, 26_000, 15_000)).toBe(false);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'HEALTH', sk: 'DEEP' },
      UpdateExpression: 'SET claimId = :claimId, claimUntilMs = :until',
      ConditionExpression:
        '(attribute_not_exists(checkedAtMs) OR checkedAtMs <= :staleBefore) AND ' +
        '(attribute_not_exists(claimUntilMs) OR claimUntilMs < :now)',
      ExpressionAttributeValues: {
        ':claimId': 'c1',
        ':until': 41_000,
        ':staleBefore': 1_000,
        ':now': 26_000,
      },
    });
  });

  it('passes on a failure other than the condition', async () => {
    ddb.on(UpdateCommand).rejects(new Error('throttled'));
    await expect(table.claim('c1', 0, 0, 0)).rejects.toThrow('throttled');
    await expect(table.save('c1', report)).rejects.toThrow('throttled');
  });

  it('probes the table by reading its claim back consistently, failing with ProbeNotFound when it is not there', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { claimId: 'c1' } })
      .resolves({ Item: { claimId: 'other' } });
    await expect(table.readClaim('c1')).resolves.toBeUndefined();
    await expect(table.readClaim('c1')).rejects.toMatchObject({ name: 'ProbeNotFound' });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
  });

  it('saves the report under its own claim only, releasing it', async () => {
    ddb.on(UpdateCommand).resolvesOnce({}).rejects(conditionFailed());
    await table.save('c1', report);
    await expect(table.save('c1', report)).resolves.toBeUndefined();
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'HEALTH', sk: 'DEEP' },
      UpdateExpression: 'SET report = :report, checkedAtMs = :checkedAtMs REMOVE claimUntilMs',
      ConditionExpression: 'claimId = :claimId',
      ExpressionAttributeValues: {
        ':report': JSON.stringify(report),
        ':checkedAtMs': Date.parse(report.checkedAt),
        ':claimId': 'c1',
      },
    });
  });
});
