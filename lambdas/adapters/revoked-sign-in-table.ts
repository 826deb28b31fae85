import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RevokedSignIns } from '../core/session-check';
import { keys } from './table-keys';

/**
 * Accounts' sign-ins that signed out, as items `REVOKED#<origin_jti>` whose `expiresAt` (the table's TTL) is when
 * no access token of that sign-in can be valid any more: the list only ever holds live revocations. DynamoDB
 * deletes expired items late, and by then nothing needs them: a token that old is refused for its `exp` anyway.
 */
export class RevokedSignInTable implements RevokedSignIns {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async revoke(sessionId: string, untilSeconds: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.revokedSignIn(sessionId), expiresAt: untilSeconds },
          // One sign-out wins; a second one (or a retry of it) is told the sign-in has ended already.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  /** One strongly consistent GetItem, as a guest's hold costs: a sign-out is seen at once, on every instance. */
  async isRevoked(sessionId: string, nowSeconds: number): Promise<boolean> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.revokedSignIn(sessionId),
        ConsistentRead: true,
        ProjectionExpression: 'expiresAt',
      }),
    );
    return typeof Item?.expiresAt === 'number' && Item.expiresAt > nowSeconds;
  }
}
