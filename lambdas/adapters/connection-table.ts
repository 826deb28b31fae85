import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ConnectionStore } from '../core/ports';
import type { Connection } from '../core/types';
import { keys, ROOM_INDEX } from './table-keys';

export class ConnectionTable implements ConnectionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putConnection(connection: Connection, expiresAt: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.connection(connection.connectionId),
          ...keys.connectionRoom(connection.roomId, connection.connectionId),
          ...connection,
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
    return Attributes ? toConnection(Attributes) : undefined;
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

  async *roomConnections(roomId: string, nowSeconds: number): AsyncIterable<Connection[]> {
    let startKey: Record<string, unknown> | undefined;
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
        }),
      );
      const connections = (page.Items ?? []).map(toConnection);
      if (connections.length > 0) yield connections;
      startKey = page.LastEvaluatedKey;
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
