import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RoomStore } from '../core/ports';
import type { Room } from '../core/types';
import { keys } from './table-keys';

/** Rooms are never changed or deleted, so one found stays true for the life of the Lambda instance. */
const MAX_CACHED_ROOMS = 1000;

export class RoomTable implements RoomStore {
  private readonly known = new Map<string, Room>();

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getRoom(roomId: string): Promise<Room | undefined> {
    const cached = this.known.get(roomId);
    if (cached) return cached;
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.room(roomId) }),
    );
    // A room not found is not cached: it may be created a moment later.
    if (!Item) return undefined;
    const room = toRoom(Item);
    if (this.known.size < MAX_CACHED_ROOMS) this.known.set(roomId, room);
    return room;
  }

  async createRoom(room: Room): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.room(room.roomId), ...room },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async listRooms(): Promise<Room[]> {
    const rooms: Room[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.roomsPartition },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) rooms.push(toRoom(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return rooms;
  }
}

function toRoom(item: Record<string, unknown>): Room {
  return {
    roomId: String(item.roomId),
    name: String(item.name),
    createdAt: String(item.createdAt),
    createdBy: String(item.createdBy),
  };
}
