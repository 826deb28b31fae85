import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HealthReport, HealthReportStore } from '../core/health-cache';
import { keys } from './table-keys';

/**
 * The deep healthcheck's last report, in one item (`HEALTH`/`DEEP`): `report` (JSON), `checkedAtMs`, and the
 * refresh claim (`claimId`, `claimUntilMs`). A call costs one eventually consistent GetItem (half a read unit);
 * a refresh, every 25 s or so across all instances, one conditional write to claim it, one consistent read of
 * the claim (the table's probe) and one write of the report.
 */
export class HealthTable implements HealthReportStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(): Promise<HealthReport | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.health }));
    return typeof Item?.report === 'string' ? parseReport(Item.report) : undefined;
  }

  async claim(claimId: string, staleBeforeMs: number, nowMs: number, holdMs: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.health,
          UpdateExpression: 'SET claimId = :claimId, claimUntilMs = :until',
          // Both halves, always: two first-ever claims must not both pass on a missing report.
          ConditionExpression:
            '(attribute_not_exists(checkedAtMs) OR checkedAtMs <= :staleBefore) AND ' +
            '(attribute_not_exists(claimUntilMs) OR claimUntilMs < :now)',
          ExpressionAttributeValues: {
            ':claimId': claimId,
            ':until': nowMs + holdMs,
            ':staleBefore': staleBeforeMs,
            ':now': nowMs,
          },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async readClaim(claimId: string): Promise<void> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.health, ConsistentRead: true }),
    );
    if (Item?.claimId !== claimId) {
      throw Object.assign(new Error('the claim just written was not read back'), { name: 'ProbeNotFound' });
    }
  }

  async save(claimId: string, report: HealthReport): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.health,
          UpdateExpression: 'SET report = :report, checkedAtMs = :checkedAtMs REMOVE claimUntilMs',
          ConditionExpression: 'claimId = :claimId',
          ExpressionAttributeValues: {
            ':report': JSON.stringify(report),
            ':checkedAtMs': Date.parse(report.checkedAt),
            ':claimId': claimId,
          },
        }),
      );
    } catch (err) {
      // A slower refresher whose claim expired: the newer claimer's report stands.
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }
}

/** A stored report, or undefined when the item holds something else (then it is refreshed). */
function parseReport(text: string): HealthReport | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (
      typeof value === 'object' &&
      value !== null &&
      'ok' in value &&
      typeof value.ok === 'boolean' &&
      'checkedAt' in value &&
      typeof value.checkedAt === 'string' &&
      'checks' in value &&
      typeof value.checks === 'object' &&
      value.checks !== null
    ) {
      return { ok: value.ok, checkedAt: value.checkedAt, checks: value.checks as HealthReport['checks'] };
    }
  } catch {
    // Not JSON: refreshed like a missing report.
  }
  return undefined;
}
