import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SessionSockets } from '../core/sign-out';
import { keys } from './table-keys';

/**
 * A session's sockets without a Scan: the identity's socket slots item (adapters/socket-slot-table.ts) lists its
 * connection ids (at most LIMIT_SOCKETS_PER_IDENTITY), and each connection record names the session that opened it
 * (`sessionId`, from the authorizer's context). One GetItem and one BatchGetItem per sign-out.
 */
export class SessionSocketTable implements SessionSockets {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async socketsOf(slotsKey: string, sessionId: string): Promise<string[]> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.socketSlots(slotsKey), ConsistentRead: true }),
    );
    const slots: unknown = Item?.slots;
    if (typeof slots !== 'object' || slots === null) return [];
    const ids = Object.keys(slots);
    if (ids.length === 0) return [];
    const found: string[] = [];
    // BatchGetItem takes 100 keys; a slots item holds far fewer. Unprocessed keys are read again.
    let pending: Record<string, unknown>[] | undefined = ids.map((id) => keys.connection(id));
    while (pending && pending.length > 0) {
      const answer: BatchGetCommandOutput = await this.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: 'connectionId, sessionId',
            },
          },
        }),
      );
      for (const item of answer.Responses?.[this.tableName] ?? []) {
        if (item.sessionId === sessionId && typeof item.connectionId === 'string')
          found.push(item.connectionId);
      }
      pending = answer.UnprocessedKeys?.[this.tableName]?.Keys;
    }
    return found.sort();
  }
}
