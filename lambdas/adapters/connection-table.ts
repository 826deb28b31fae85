import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ConnectionStore, TypingGate } from '../core/ports';
import type { Connection } from '../core/types';
import { logger } from './logger';
import { SocketSlotTable } from './socket-slot-table';
import { keys, ROOM_INDEX } from './table-keys';

/** Items a fan-out's Query reads after its first page (connection items are ~200 B: well under a Query's 1 MB). */
export const FOLLOWING_READ_ITEMS = 1000;
export class ConnectionTable implements ConnectionStore, TypingGate {
  /** The identities' socket slots, which deleting a connection record frees. */
  readonly slots: SocketSlotTable;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.slots = new SocketSlotTable(doc, tableName);
  }

  async putConnection(connection: Connection, expiresAt: number, slotsKey?: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.connection(connection.connectionId),
          ...keys.connectionRoom(connection.roomId, connection.connectionId),
          ...connection,
          ...(slotsKey === undefined ? {} : { slotsKey }),
          expiresAt,
        },
      }),
    );
  }

  async getConnection(connectionId: string): Promise<Connection | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.connection(connectionId) }),
    );
    return Item ? toConnection(Item) : undefined;
  }

  async deleteConnection(connectionId: string): Promise<Connection | undefined> {
    const { Attributes } = await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.connection(connectionId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!Attributes) return undefined;
    if (typeof Attributes.slotsKey === 'string') {
      // Best effort: a slot left behind is freed anyway once its socket's time is up (see SocketSlotTable).
      await this.slots.release(Attributes.slotsKey, connectionId).catch((error: unknown) => {
        logger.warn('could not free the socket slot', { error: String(error), connectionId });
      });
    }
    return toConnection(Attributes);
  }

  async tryTyping(connectionId: string, roomId: string, nowMs: number, intervalMs: number): Promise<boolean> {
    try {
      // One conditional write decides both: the socket is in that room, and its last typing is old enough.
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.connection(connectionId),
          UpdateExpression: 'SET typingAt = :now',
          ConditionExpression: 'roomId = :roomId AND (attribute_not_exists(typingAt) OR typingAt <= :since)',
          ExpressionAttributeValues: { ':now': nowMs, ':roomId': roomId, ':since': nowMs - intervalMs },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async moveConnection(connectionId: string, roomId: string): Promise<Connection | undefined> {
    const room = keys.connectionRoom(roomId, connectionId);
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.connection(connectionId),
          UpdateExpression: 'SET roomId = :roomId, roomPk = :roomPk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':roomId': roomId, ':roomPk': room.roomPk },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toConnection(Attributes) : undefined;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return undefined;
      throw err;
    }
  }

  /**
   * The room's live connections, a page at a time. With `pageSize` (a big room's fan-out): the first Query reads one
   * page, so posting starts at once, and each later Query reads FOLLOWING_READ_ITEMS, split into pages, so a room of
   * 2,000 is 3 round trips rather than 20 before its last page is handed on. A Query is billed by the size read, so
   * the bigger reads cost the same.
   */
  async *roomConnections(roomId: string, nowSeconds: number, pageSize?: number): AsyncIterable<Connection[]> {
    let startKey: Record<string, unknown> | undefined;
    let limit = pageSize;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: ROOM_INDEX,
          KeyConditionExpression: 'roomPk = :roomPk',
          // Sockets API Gateway dropped without a `$disconnect` outlive it here until their TTL.
          FilterExpression: 'expiresAt > :now',
          ExpressionAttributeValues: { ':roomPk': keys.roomConnectionsPartition(roomId), ':now': nowSeconds },
          ExclusiveStartKey: startKey,
          Limit: limit,
        }),
      );
      const connections = (page.Items ?? []).map(toConnection);
      const size = pageSize ?? connections.length;
      for (let first = 0; first < connections.length; first += size)
        yield connections.slice(first, first + size);
      startKey = page.LastEvaluatedKey;
      if (pageSize !== undefined) limit = Math.max(pageSize, FOLLOWING_READ_ITEMS);
    } while (startKey);
  }
}

function toConnection(item: Record<string, unknown>): Connection {
  return {
    connectionId: String(item.connectionId),
    roomId: String(item.roomId),
    name: String(item.name),
    connectedAt: String(item.connectedAt),
  };
}
