import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SocketSlots } from '../core/ports';
import { keys } from './table-keys';

/**
 * An identity's open sockets as one item: `slots` maps each socket's connection id to the epoch second after
 * which it cannot be open any more. Counting is `size(slots)` in a condition, so the usual `$connect` is one
 * conditional write and no read, and concurrent connects can never take more than `limit` slots between them.
 *
 * Sockets API Gateway drops without a `$disconnect` keep their slot until their `until`: the identity's next
 * `$connect` at the limit reads the item, removes the stale slots and tries again. The item itself expires (TTL)
 * with its newest slot.
 */
export class SocketSlotTable implements SocketSlots {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(
    slotsKey: string,
    connectionId: string,
    untilSeconds: number,
    nowSeconds: number,
    limit: number,
  ): Promise<boolean> {
    // Twice at most: after freeing stale slots, or after losing the race to create the item.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await this.addSlot(slotsKey, connectionId, untilSeconds, limit)) return true;
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: keys.socketSlots(slotsKey), ConsistentRead: true }),
      );
      const slots: unknown = Item?.slots;
      if (!isRecord(slots)) {
        if (await this.createSlots(slotsKey, connectionId, untilSeconds)) return true;
        continue;
      }
      const stale = Object.entries(slots)
        .filter(([, until]) => typeof until !== 'number' || until <= nowSeconds)
        .map(([id]) => id);
      if (stale.length === 0) return false;
      await this.removeSlots(slotsKey, stale);
    }
    return false;
  }

  async release(slotsKey: string, connectionId: string): Promise<void> {
    await this.removeSlots(slotsKey, [connectionId]);
  }

  /** One more slot while fewer than `limit` are taken (fails, too, when the item has no `slots` yet). */
  private async addSlot(slotsKey: string, connectionId: string, until: number, limit: number) {
    return this.conditionalUpdate({
      Key: keys.socketSlots(slotsKey),
      UpdateExpression: 'SET slots.#id = :until, expiresAt = :until',
      ConditionExpression: 'size(slots) < :limit',
      ExpressionAttributeNames: { '#id': connectionId },
      ExpressionAttributeValues: { ':until': until, ':limit': limit },
    });
  }

  private async createSlots(slotsKey: string, connectionId: string, until: number) {
    return this.conditionalUpdate({
      Key: keys.socketSlots(slotsKey),
      UpdateExpression: 'SET slots = :slots, expiresAt = :until',
      ConditionExpression: 'attribute_not_exists(slots)',
      ExpressionAttributeValues: { ':slots': { [connectionId]: until }, ':until': until },
    });
  }

  /** Removes these slots if the item has any (a REMOVE inside a missing map would be a ValidationException). */
  private async removeSlots(slotsKey: string, connectionIds: readonly string[]): Promise<void> {
    const names = Object.fromEntries(connectionIds.map((id, i) => [`#id${i}`, id]));
    await this.conditionalUpdate({
      Key: keys.socketSlots(slotsKey),
      UpdateExpression: `REMOVE ${Object.keys(names)
        .map((name) => `slots.${name}`)
        .join(', ')}`,
      ConditionExpression: 'attribute_exists(slots)',
      ExpressionAttributeNames: names,
    });
  }

  private async conditionalUpdate(
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
