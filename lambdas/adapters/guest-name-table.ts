import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { GuestNameHold, GuestNameHolds, NameHolderKind } from '../core/guest-names';
import { keys } from './table-keys';

const GUEST: NameHolderKind = 'guest';

/**
 * Held names as items `NAME#<skeleton>`: a claim is one conditional put and no read, so two guests racing for one
 * name (or for two look-alikes) cannot both win. The item's `expiresAt` is the table's TTL attribute; DynamoDB
 * deletes expired items late, so the condition treats an expired hold as free. An account's username (issue 12)
 * will be an item with `kind: 'account'` and no `expiresAt`, which the condition never lets a guest overwrite.
 */
export class GuestNameTable implements GuestNameHolds {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(hold: GuestNameHold, nowSeconds: number): Promise<boolean> {
    return this.conditional(() =>
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.nameHold(hold.canonical),
            kind: GUEST,
            name: hold.name,
            sessionId: hold.sessionId,
            expiresAt: hold.expiresAt,
          },
          // Or this very session's hold: a claim retried after a lost answer (the SDK retries a timed-out put)
          // finds its own first write and must succeed, not call the name taken by the one who holds it.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now OR sessionId = :sessionId',
          ExpressionAttributeValues: { ':now': nowSeconds, ':sessionId': hold.sessionId },
        }),
      ),
    );
  }

  async release(canonical: string, sessionId: string): Promise<boolean> {
    return this.conditional(() =>
      this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.nameHold(canonical),
          // Only the holder: a guest who took the name after this session's hold expired keeps it.
          ConditionExpression: 'sessionId = :sessionId AND #kind = :guest',
          // By name: DynamoDB reserves many plain words, and a condition must not trip on one.
          ExpressionAttributeNames: { '#kind': 'kind' },
          ExpressionAttributeValues: { ':sessionId': sessionId, ':guest': GUEST },
        }),
      ),
    );
  }

  /**
   * One strongly consistent GetItem (1 read capacity unit, about $0.25 per million on demand; a few ms): every
   * Bearer request and every `$connect` pays it, so a session signed out is refused at once, on every instance.
   */
  async heldBy(canonical: string, sessionId: string, nowSeconds: number): Promise<boolean> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.nameHold(canonical),
        ConsistentRead: true,
        ProjectionExpression: 'sessionId, #kind, expiresAt',
        ExpressionAttributeNames: { '#kind': 'kind' },
      }),
    );
    return (
      Item?.kind === GUEST &&
      Item.sessionId === sessionId &&
      typeof Item.expiresAt === 'number' &&
      Item.expiresAt > nowSeconds
    );
  }

  /** True when the write happened, false when its condition failed. */
  private async conditional(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}
