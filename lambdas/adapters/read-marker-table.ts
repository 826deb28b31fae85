import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReadMarkers } from '../core/message-records';
import { keys } from './table-keys';

/** BatchGetItem takes at most 100 keys a call. */
const BATCH_KEYS = 100;
/** Keys DynamoDB left unprocessed (throttling) are asked for again this many times, then counted as no marker. */
const UNPROCESSED_RETRIES = 3;

/** One item per person and room holding the newest messageId they have read there (and a TTL). */
export class ReadMarkerTable implements ReadMarkers {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async markRead(readerKey: string, roomId: string, messageId: string, expiresAt: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.readMarker(readerKey, roomId),
          UpdateExpression: 'SET messageId = :messageId, expiresAt = :expiresAt',
          // Forward only: two pages of one person marking at once, or a late frame, never move it back. An
          // expired marker (not yet deleted by TTL) may be replaced by any.
          ConditionExpression:
            'attribute_not_exists(messageId) OR messageId < :messageId OR expiresAt <= :now',
          ExpressionAttributeValues: {
            ':messageId': messageId,
            ':expiresAt': expiresAt,
            ':now': Math.floor(Date.now() / 1000),
          },
        }),
      );
    } catch (err) {
      // The marker is at a newer message already: nothing to do.
      if (err instanceof ConditionalCheckFailedException) return;
      throw err;
    }
  }

  async markersOf(
    readerKey: string,
    roomIds: readonly string[],
    nowSeconds: number,
  ): Promise<Map<string, string>> {
    const markers = new Map<string, string>();
    for (let start = 0; start < roomIds.length; start += BATCH_KEYS) {
      let pending: Record<string, unknown>[] = roomIds
        .slice(start, start + BATCH_KEYS)
        .map((roomId) => keys.readMarker(readerKey, roomId));
      for (let attempt = 0; pending.length > 0 && attempt <= UNPROCESSED_RETRIES; attempt++) {
        if (attempt > 0) await this.sleep(50 * 2 ** attempt);
        const { Responses, UnprocessedKeys } = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: { Keys: pending, ProjectionExpression: 'sk, messageId, expiresAt' },
            },
          }),
        );
        for (const item of Responses?.[this.tableName] ?? []) {
          if (Number(item.expiresAt) > nowSeconds && typeof item.messageId === 'string') {
            markers.set(String(item.sk).slice('ROOM#'.length), item.messageId);
          }
        }
        pending = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return markers;
  }
}
