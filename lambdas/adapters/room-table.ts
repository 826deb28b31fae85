import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock, RoomPage, RoomPageQuery, RoomStore } from '../core/ports';
import type { Room } from '../core/types';
import { keys } from './table-keys';

/** A room this instance has read, with the expiry it read (undefined: stored before rooms expired). */
interface KnownRoom {
  room: Room;
  expiresAt: number | undefined;
}

/** Rooms this instance remembers; past this the longest-remembered one is forgotten. */
const MAX_CACHED_ROOMS = 1000;

/**
 * Listed: live (no expiry: a room stored before rooms expired, or one still ahead; DynamoDB deletes expired items
 * late) and not private (a private room is listed to its members only, from their roles: core/room-access.ts).
 */
const LISTED =
  '(attribute_not_exists(expiresAt) OR expiresAt > :now) AND (attribute_not_exists(#visibility) OR #visibility <> :private)';

/**
 * Rooms under the `ROOMS` partition, sorted by id, each with its TTL (`expiresAt`). A room's name never changes,
 * so one found is remembered with its expiry for the life of the instance, until that expiry passes: every
 * message's requireRoom costs no read, and keepAlive usually no write.
 *
 * The time comes from `clock` rather than from each call: getRoom is called on every path (requireRoom).
 */
export class RoomTable implements RoomStore {
  private readonly known = new Map<string, KnownRoom>();

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = { now: () => Date.now() },
  ) {}

  async getRoom(roomId: string): Promise<Room | undefined> {
    const nowSeconds = this.nowSeconds();
    const cached = this.known.get(roomId);
    if (cached && isLive(cached.expiresAt, nowSeconds)) return cached.room;
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.room(roomId) }),
    );
    // A room not found is not remembered: it may be created a moment later.
    if (!Item || !isLive(expiryOf(Item), nowSeconds)) {
      this.known.delete(roomId);
      return undefined;
    }
    const room = toRoom(Item);
    this.remember(room, expiryOf(Item));
    return room;
  }

  async createRoom(room: Room, expiresAt: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.room(room.roomId), ...room, expiresAt },
          // An expired room DynamoDB has not deleted yet is free to take again.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': this.nowSeconds() },
        }),
      );
      this.remember(room, expiresAt);
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async listRooms({ limit, after }: RoomPageQuery): Promise<RoomPage> {
    const rooms: Room[] = [];
    let hasMore = false;
    let startKey: Record<string, unknown> | undefined;
    // One room past `limit` tells whether more follow. Limit counts items before the filter drops expired ones,
    // so a page short of rooms continues from LastEvaluatedKey.
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk > :after',
          FilterExpression: LISTED,
          ExpressionAttributeNames: { '#visibility': 'visibility' },
          ExpressionAttributeValues: {
            ':pk': keys.roomsPartition,
            ':after': keys.room(after).sk,
            ':now': this.nowSeconds(),
            ':private': 'private',
          },
          Limit: limit + 1 - rooms.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (rooms.length < limit) rooms.push(toRoom(item));
        else hasMore = true;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && !hasMore);
    return { rooms, hasMore };
  }

  /**
   * Cost per message: nothing while the expiry this instance knows (read by requireRoom just before) is within
   * `slackSeconds` of `expiresAt`; otherwise one conditional UpdateItem (1 write unit, charged even when the
   * condition fails), i.e. at most about one write per room per instance per day, whatever the message rate.
   */
  async keepAlive(roomId: string, expiresAt: number, slackSeconds: number): Promise<void> {
    const known = this.known.get(roomId);
    const low = expiresAt - slackSeconds;
    if (known?.expiresAt !== undefined && known.expiresAt >= low) return;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.room(roomId),
          UpdateExpression: 'SET expiresAt = :expiresAt',
          // Only a stored room, and only when its expiry is short (a room stored before rooms expired gets one).
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(expiresAt) OR expiresAt < :low)',
          ExpressionAttributeValues: { ':expiresAt': expiresAt, ':low': low },
        }),
      );
    } catch (err) {
      // Another instance pushed it out already. (Not gone: requireRoom found it live a moment ago, and TTL
      // deletes only expired items.)
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
    if (known) this.remember(known.room, expiresAt);
  }

  private remember(room: Room, expiresAt: number | undefined): void {
    this.known.delete(room.roomId);
    if (this.known.size >= MAX_CACHED_ROOMS) {
      const oldest = this.known.keys().next();
      if (!oldest.done) this.known.delete(oldest.value);
    }
    this.known.set(room.roomId, { room, expiresAt });
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }
}

function isLive(expiresAt: number | undefined, nowSeconds: number): boolean {
  return expiresAt === undefined || expiresAt > nowSeconds;
}

function expiryOf(item: Record<string, unknown>): number | undefined {
  return typeof item.expiresAt === 'number' ? item.expiresAt : undefined;
}

/** A stored room; `visibility`, `kind` and `owner` only on rooms stored since issue 16 (absent: public, a room). */
export function toRoom(item: Record<string, unknown>): Room {
  return {
    roomId: String(item.roomId),
    name: String(item.name),
    createdAt: String(item.createdAt),
    createdBy: String(item.createdBy),
    ...(item.visibility === 'private' || item.visibility === 'public' ? { visibility: item.visibility } : {}),
    ...(item.kind === 'dm' || item.kind === 'room' ? { kind: item.kind } : {}),
    ...(typeof item.owner === 'string' ? { owner: item.owner } : {}),
  };
}
