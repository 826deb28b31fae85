import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { MemberSockets, MemberStore } from '../core/ports';
import { keys } from './table-keys';

/** DynamoDB deletes expired items late: a member whose time is up counts as gone. */
const LIVE = 'expiresAt > :now';

/**
 * One item per name present in a room (`MEMBERS#<roomId>` / `NAME#<name>`), holding the ids of the name's sockets
 * there as a string set. Set operations (ADD / DELETE) make the writes idempotent, which the stream's at-least-once
 * delivery needs: a retried batch adds and removes the same ids again and changes nothing. The items sort by name,
 * so GET …/members pages through them with a Query; counting is a COUNT Query (one read per 1 MB of members).
 */
export class MemberTable implements MemberStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async applySockets(change: MemberSockets, nowSeconds: number): Promise<string[]> {
    const key = keys.member(change.roomId, change.name);
    let sockets: string[] | undefined;
    if (change.leave.length > 0) {
      try {
        const { Attributes } = await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'DELETE sockets :leave',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':leave': new Set(change.leave) },
            ReturnValues: 'ALL_NEW',
          }),
        );
        sockets = liveSockets(Attributes, nowSeconds);
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
        sockets = [];
      }
    }
    if (change.enter.length > 0) return this.enter(change, nowSeconds);
    if (sockets?.length === 0) await this.deleteIfEmpty(change.roomId, change.name, nowSeconds);
    return sockets ?? [];
  }

  /** A new (or expired) member is written whole; an existing one gets the sockets added. */
  private async enter(change: MemberSockets, nowSeconds: number): Promise<string[]> {
    const key = keys.member(change.roomId, change.name);
    const values = { ':enter': new Set(change.enter), ':expiresAt': change.expiresAt, ':name': change.name };
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET sockets = :enter, expiresAt = :expiresAt, #name = :name',
          // Sockets of an expired item were dropped without `$disconnect`: they are not carried over.
          ConditionExpression: `attribute_not_exists(pk) OR NOT (${LIVE})`,
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ...values, ':now': nowSeconds },
        }),
      );
      return [...change.enter];
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD sockets :enter SET expiresAt = :expiresAt, #name = :name',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return liveSockets(Attributes, nowSeconds);
  }

  /** Deletes the member once its last socket is gone; a socket added meanwhile keeps it. */
  private async deleteIfEmpty(roomId: string, name: string, nowSeconds: number): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.member(roomId, name),
          // An empty string set is no attribute at all in DynamoDB.
          ConditionExpression: `attribute_not_exists(sockets) OR NOT (${LIVE})`,
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  async listMembers(
    roomId: string,
    { limit, after }: { limit: number; after: string },
    nowSeconds: number,
  ): Promise<{ names: string[]; hasMore: boolean }> {
    const names: string[] = [];
    let hasMore = false;
    let startKey: Record<string, unknown> | undefined;
    // One past `limit` tells whether more follow; Limit counts items before the filter drops expired ones.
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk > :after',
          FilterExpression: LIVE,
          ProjectionExpression: '#name',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ':pk': keys.membersPartition(roomId),
            ':after': keys.memberSort(after),
            ':now': nowSeconds,
          },
          Limit: limit + 1 - names.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (names.length < limit) names.push(String(item.name));
        else hasMore = true;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && !hasMore);
    return { names, hasMore };
  }

  async countMembers(roomId: string, nowSeconds: number): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: LIVE,
          ExpressionAttributeValues: { ':pk': keys.membersPartition(roomId), ':now': nowSeconds },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }
}

function liveSockets(item: Record<string, unknown> | undefined, nowSeconds: number): string[] {
  if (!item || !(Number(item.expiresAt) > nowSeconds)) return [];
  const sockets = item.sockets;
  return sockets instanceof Set ? [...sockets].map(String) : [];
}
