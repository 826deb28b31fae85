import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { HistoryPage, HistoryQuery, MessageStore } from '../core/ports';
import { BOT_NAME, type ChatMessage, type SenderType } from '../core/types';
import { keys } from './table-keys';

export class MessageTable implements MessageStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putMessage(message: ChatMessage, expiresAt: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.message(message.roomId, message.messageId), ...message, expiresAt },
      }),
    );
  }

  /**
   * Reads in the direction of the query, with a filter on the TTL attribute: DynamoDB deletes expired items
   * up to days late. A filter applies after `Limit`, so it keeps querying until it has limit + 1 live items
   * (the extra one only says whether there is more) or the partition ends.
   */
  async listMessages(roomId: string, query: HistoryQuery, nowSeconds: number): Promise<HistoryPage> {
    const ascending = query.after !== undefined && query.before === undefined;
    // A key condition allows one comparison on the sort key, so both bounds go into one BETWEEN. messageIds
    // all have the same length, so `<after>!` sorts after `after` and before every newer id; '~' sorts after
    // every character an id uses. BETWEEN includes `before` itself: it is dropped below.
    const low = query.after !== undefined ? `${keys.messageSort(query.after)}!` : 'MSG#';
    const high = query.before !== undefined ? keys.messageSort(query.before) : 'MSG#~';
    const found: ChatMessage[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          FilterExpression: 'expiresAt > :now',
          ExpressionAttributeValues: {
            ':pk': keys.messagePartition(roomId),
            ':low': low,
            ':high': high,
            ':now': nowSeconds,
          },
          ScanIndexForward: ascending,
          Limit: query.limit + 1 - found.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.messageId !== query.before) found.push(toMessage(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && found.length <= query.limit);
    const hasMore = found.length > query.limit;
    const messages = found.slice(0, query.limit);
    if (!ascending) messages.reverse();
    return { messages, hasMore };
  }
}

function toMessage(item: Record<string, unknown>): ChatMessage {
  return {
    messageId: String(item.messageId),
    roomId: String(item.roomId),
    sender: String(item.sender),
    senderType: senderTypeOf(item),
    text: String(item.text),
    createdAt: String(item.createdAt),
  };
}

/**
 * The item's `senderType`. Messages stored before it existed (kept up to 48 hours) have none: they were all sent
 * before accounts existed, so the bot's name means the bot and any other name a guest.
 */
function senderTypeOf(item: Record<string, unknown>): SenderType {
  const stored = item.senderType;
  if (stored === 'user' || stored === 'guest' || stored === 'bot') return stored;
  return item.sender === BOT_NAME ? 'bot' : 'guest';
}
