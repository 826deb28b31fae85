import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ModerationEntry, Role, RoomKind } from '../contract/access';
import { limits } from '../contract/limits';
import {
  type PostGuard,
  PostRefused,
  type RoleItem,
  type RoleRecord,
  type RoomAccessStore,
  type RoomOfPerson,
  type SanctionRecord,
} from '../core/room-access';
import type { Room } from '../core/types';
import { toRoom } from './room-table';
import { keys, ROOM_INDEX } from './table-keys';

/**
 * Roles, sanctions and the moderation log (issue 16), in the one table:
 *
 * | item      | pk               | sk                  | roomPk (GSI byRoom)    | roomSk   |
 * |-----------|------------------|---------------------|------------------------|----------|
 * | role      | ACCESS#<roomId>  | ROLE#<skeleton>     | ROOMSOF#<skeleton> (private rooms only) | <roomId> |
 * | sanction  | ACCESS#<roomId>  | SANCTION#<skeleton> |                        |          |
 * | log entry | AUDIT#<roomId>   | <ISO time>#<random> |                        |          |
 *
 * A private room's role items are also on the byRoom index under the person, which is how GET /rooms lists a
 * person's private rooms with one Query (GSIs are eventually consistent: a room just joined may take a moment to
 * be listed; every access check reads the role item itself, strongly consistent). Role items have no TTL: each
 * carries its room's `createdAt`, and a room made again under the same id (after the first expired) does not
 * match it, so old members never reach the new room. Sanctions and log entries expire (`expiresAt`).
 */
const accessKeys = {
  role: (roomId: string, who: string) => ({ pk: `ACCESS#${roomId}`, sk: `ROLE#${who}` }),
  sanction: (roomId: string, who: string) => ({ pk: `ACCESS#${roomId}`, sk: `SANCTION#${who}` }),
  roomsOf: (who: string) => `ROOMSOF#${who}`,
  auditPartition: (roomId: string) => `AUDIT#${roomId}`,
} as const;

const ROLE_PREFIX = 'ROLE#';

export class RoomAccessTable implements RoomAccessStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly randomSuffix: () => string = () => Math.random().toString(36).slice(2, 10),
  ) {}

  async getRole(roomId: string, who: string): Promise<RoleRecord | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: accessKeys.role(roomId, who), ConsistentRead: true }),
    );
    return Item ? toRole(Item) : undefined;
  }

  async putRole(roomId: string, item: RoleItem): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: roleItem(roomId, item) }));
  }

  async deleteRole(roomId: string, who: string): Promise<RoleRecord | undefined> {
    const { Attributes } = await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: accessKeys.role(roomId, who),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? toRole(Attributes) : undefined;
  }

  async listRoles(
    roomId: string,
    { limit, after }: { limit: number; after: string },
  ): Promise<{ people: (RoleRecord & { key: string })[]; hasMore: boolean }> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        ExpressionAttributeValues: {
          ':pk': accessKeys.role(roomId, '').pk,
          // After `after` itself: '\u0000' sorts right after it; '~' after every skeleton character.
          ':low': `${ROLE_PREFIX}${after}${after === '' ? '' : '\u0000'}`,
          ':high': `${ROLE_PREFIX}~`,
        },
        Limit: limit + 1,
      }),
    );
    const people = Items.slice(0, limit).map((item) => ({
      ...toRole(item),
      key: String(item.sk).slice(ROLE_PREFIX.length),
    }));
    return { people, hasMore: Items.length > limit };
  }

  async privateRoomsOf(who: string, limit: number): Promise<RoomOfPerson[]> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: ROOM_INDEX,
        KeyConditionExpression: 'roomPk = :pk',
        ExpressionAttributeValues: { ':pk': accessKeys.roomsOf(who) },
        Limit: limit,
      }),
    );
    return Items.map((item) => ({
      roomId: String(item.roomSk),
      roomCreatedAt: String(item.roomCreatedAt),
      role: String(item.role) as Role,
      kind: (item.kind === 'dm' ? 'dm' : 'room') as RoomKind,
      ...(typeof item.dmWith === 'string' ? { dmWith: item.dmWith } : {}),
    }));
  }

  async createRoomWithRoles(
    room: Room,
    expiresAt: number,
    roles: readonly RoleItem[],
    nowSeconds: number,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.room(room.roomId), ...room, expiresAt },
                // As RoomTable.createRoom: an expired room DynamoDB has not deleted yet is free to take again.
                ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
                ExpressionAttributeValues: { ':now': nowSeconds },
              },
            },
            ...roles.map((role) => ({
              Put: { TableName: this.tableName, Item: roleItem(room.roomId, role) },
            })),
          ],
        }),
      );
      return true;
    } catch (err) {
      // The room's condition is the only one: a cancellation for it means the id is taken.
      if (
        err instanceof TransactionCanceledException &&
        err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return false;
      throw err;
    }
  }

  async getSanction(roomId: string, who: string): Promise<SanctionRecord | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: accessKeys.sanction(roomId, who),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      name: String(Item.name),
      ...(typeof Item.removeUntil === 'number' ? { removeUntil: Item.removeUntil } : {}),
      ...(typeof Item.muteUntil === 'number' ? { muteUntil: Item.muteUntil } : {}),
      ...(typeof Item.reason === 'string' ? { reason: Item.reason } : {}),
    };
  }

  async setSanction(
    roomId: string,
    who: string,
    change: { name: string; kind: 'removal' | 'mute'; until: number; reason?: string },
    nowSeconds: number,
  ): Promise<void> {
    const attribute = change.kind === 'removal' ? 'removeUntil' : 'muteUntil';
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: accessKeys.sanction(roomId, who),
        UpdateExpression: `SET #name = :name, ${attribute} = :until, expiresAt = :keep${change.reason ? ', reason = :reason' : ''}`,
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':name': change.name,
          ':until': change.until,
          // Every sanction ends within maxMinutes of being set, so the item outlives both of its ends (DynamoDB
          // cannot take a max in an update; this needs no read).
          ':keep': nowSeconds + limits.moderation.maxMinutes * 60 + 60,
          ...(change.reason ? { ':reason': change.reason } : {}),
        },
      }),
    );
  }

  async audit(roomId: string, entry: ModerationEntry, expiresAt: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: accessKeys.auditPartition(roomId),
          sk: `${entry.at}#${this.randomSuffix()}`,
          ...entry,
          expiresAt,
        },
      }),
    );
  }

  async auditLog(
    roomId: string,
    { limit, before }: { limit: number; before: string },
    nowSeconds: number,
  ): Promise<{ entries: (ModerationEntry & { cursor: string })[]; hasMore: boolean }> {
    const entries: (ModerationEntry & { cursor: string })[] = [];
    let hasMore = false;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: before === '' ? 'pk = :pk' : 'pk = :pk AND sk < :before',
          FilterExpression: 'expiresAt > :now',
          ExpressionAttributeValues: {
            ':pk': accessKeys.auditPartition(roomId),
            ':now': nowSeconds,
            ...(before === '' ? {} : { ':before': before }),
          },
          ScanIndexForward: false,
          Limit: limit + 1 - entries.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (entries.length < limit) entries.push({ ...toEntry(item), cursor: String(item.sk) });
        else hasMore = true;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && !hasMore);
    return { entries, hasMore };
  }

  /**
   * An account's username by its skeleton: the name item the PreSignUp trigger reserved for it (kind `account`,
   * adapters/account-name-table.ts), one GetItem. A guest's hold on a name is no account, nor is a sign-up not yet
   * confirmed (its reservation still has an `expiresAt`; PostConfirmation removes it).
   */
  async accountName(who: string): Promise<string | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.nameHold(who) }),
    );
    const confirmed = Item?.kind === 'account' && Item.expiresAt === undefined;
    return confirmed && typeof Item.name === 'string' ? Item.name : undefined;
  }

  /** The live rooms among these ids (one BatchGetItem per 100), for GET /rooms's private rooms. */
  async roomsByIds(roomIds: readonly string[], nowSeconds: number): Promise<Map<string, Room>> {
    const found = new Map<string, Room>();
    for (let i = 0; i < roomIds.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = roomIds
        .slice(i, i + 100)
        .map((roomId) => keys.room(roomId));
      // Unprocessed keys (throttling) are asked again, a few rounds at most: a list is better short than late.
      for (let round = 0; pending && pending.length > 0 && round < 5; round++) {
        const answer: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
        );
        const { Responses, UnprocessedKeys } = answer;
        for (const item of Responses?.[this.tableName] ?? []) {
          if (typeof item.expiresAt === 'number' && item.expiresAt <= nowSeconds) continue;
          found.set(String(item.roomId), toRoom(item));
        }
        pending = UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }
}

function roleItem(roomId: string, item: RoleItem): Record<string, unknown> {
  const who = item.key;
  return {
    ...accessKeys.role(roomId, who),
    name: item.name,
    role: item.role,
    addedBy: item.addedBy,
    addedAt: item.addedAt,
    roomCreatedAt: item.roomCreatedAt,
    kind: item.kind,
    visibility: item.visibility,
    ...(item.dmWith ? { dmWith: item.dmWith } : {}),
    // Only private rooms are listed per person: a public room is in everyone's list already.
    ...(item.visibility === 'private' ? { roomPk: accessKeys.roomsOf(who), roomSk: roomId } : {}),
  };
}

function toRole(item: Record<string, unknown>): RoleRecord {
  return {
    name: String(item.name),
    role: String(item.role) as Role,
    addedBy: String(item.addedBy),
    addedAt: String(item.addedAt),
    roomCreatedAt: String(item.roomCreatedAt),
  };
}

function toEntry(item: Record<string, unknown>): ModerationEntry {
  const optional = (key: string) => (typeof item[key] === 'string' ? { [key]: item[key] as string } : {});
  return {
    at: String(item.at),
    actor: String(item.actor),
    action: String(item.action) as ModerationEntry['action'],
    ...optional('target'),
    ...(typeof item.role === 'string' ? { role: item.role as Role } : {}),
    ...optional('messageId'),
    ...optional('until'),
    ...optional('reason'),
  };
}

/**
 * A message's guard (core/room-access.ts PostGuard) as condition checks for the TransactWriteItems that puts the
 * message (adapters/message-table.ts): first the sanction item (none, or both ends past), then for a private room
 * the sender's role item (there, and of this room). Their order is the CancellationReasons' order after the Put.
 */
export function guardChecks(tableName: string, guard: PostGuard) {
  const checks: {
    ConditionCheck: {
      TableName: string;
      Key: Record<string, string>;
      ConditionExpression: string;
      ExpressionAttributeValues: Record<string, string | number>;
    };
  }[] = [
    {
      ConditionCheck: {
        TableName: tableName,
        Key: accessKeys.sanction(guard.roomId, guard.who),
        ConditionExpression:
          '(attribute_not_exists(removeUntil) OR removeUntil <= :now) AND (attribute_not_exists(muteUntil) OR muteUntil <= :now)',
        ExpressionAttributeValues: { ':now': guard.nowSeconds },
      },
    },
  ];
  if (guard.memberOf) {
    checks.push({
      ConditionCheck: {
        TableName: tableName,
        Key: accessKeys.role(guard.roomId, guard.who),
        ConditionExpression: 'attribute_exists(pk) AND roomCreatedAt = :createdAt',
        ExpressionAttributeValues: { ':createdAt': guard.memberOf.roomCreatedAt },
      },
    });
  }
  return checks;
}

/** Which check refused a guarded message, from the transaction's cancellation reasons (the Put is first). */
export function refusedCheck(err: TransactionCanceledException): PostRefused | undefined {
  const reasons = err.CancellationReasons ?? [];
  if (reasons[1]?.Code === 'ConditionalCheckFailed') return new PostRefused('sanction');
  if (reasons[2]?.Code === 'ConditionalCheckFailed') return new PostRefused('membership');
  return undefined;
}
