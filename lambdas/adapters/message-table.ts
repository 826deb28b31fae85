import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { HistoryEntry, Reactions, ReplyTo } from '../contract/resources';
import type { Author, EditChange, MessageRecords, StoredEntry, UnreadQuery } from '../core/message-records';
import type { HistoryPage, HistoryQuery, MessageStore } from '../core/ports';
import type { PostGuard } from '../core/room-access';
import { BOT_NAME, type ChatMessage, type SenderType } from '../core/types';
import { guardChecks, refusedCheck } from './room-access-table';
import { keys } from './table-keys';

/**
 * Attribute names in expressions go through placeholders: `text` and others may be DynamoDB reserved words, and
 * one rule for all is simpler than knowing which are.
 */
const names = {
  '#text': 'text',
  '#sender': 'sender',
  '#senderType': 'senderType',
  '#deleted': 'deleted',
  '#expiresAt': 'expiresAt',
} as const;

export class MessageTable implements MessageStore, MessageRecords {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putMessage(
    message: ChatMessage,
    expiresAt: number,
    guard?: PostGuard,
    authorSession?: string,
  ): Promise<void> {
    const item = {
      ...keys.message(message.roomId, message.messageId),
      ...message,
      expiresAt,
      ...(authorSession === undefined ? {} : { authorSession }),
    };
    if (!guard) {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
      return;
    }
    // One request still: the Put and its guard's condition checks in one transaction (nothing stored if one fails).
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: item } },
            ...guardChecks(this.tableName, guard),
          ],
        }),
      );
    } catch (err) {
      if (err instanceof TransactionCanceledException) throw refusedCheck(err) ?? err;
      throw err;
    }
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
    const found: HistoryEntry[] = [];
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
        if (item.messageId !== query.before) found.push(toEntry(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && found.length <= query.limit);
    const hasMore = found.length > query.limit;
    const messages = found.slice(0, query.limit);
    if (!ascending) messages.reverse();
    return { messages, hasMore };
  }

  async getEntry(roomId: string, messageId: string, nowSeconds: number): Promise<StoredEntry | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.message(roomId, messageId),
        // Read after a refused write, or before a conditional one: it must see the latest.
        ConsistentRead: true,
      }),
    );
    if (!Item || !(Number(Item.expiresAt) > nowSeconds)) return undefined;
    return {
      entry: toEntry(Item),
      rev: typeof Item.rev === 'number' ? Item.rev : 0,
      ...(typeof Item.authorSession === 'string' ? { authorSession: Item.authorSession } : {}),
    };
  }

  async recentSenders(roomId: string, limit: number, nowSeconds: number): Promise<string[]> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        FilterExpression: '#expiresAt > :now',
        ProjectionExpression: '#sender',
        ExpressionAttributeNames: { '#sender': names['#sender'], '#expiresAt': names['#expiresAt'] },
        ExpressionAttributeValues: {
          ':pk': keys.messagePartition(roomId),
          ':low': 'MSG#',
          ':high': 'MSG#~',
          ':now': nowSeconds,
        },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return [...new Set(Items.map((item) => String(item.sender)))];
  }

  async editText(
    roomId: string,
    messageId: string,
    author: Author,
    change: EditChange,
    nowSeconds: number,
  ): Promise<ChatMessage | undefined> {
    const mentions = change.mentions ?? [];
    const item = await this.conditionalUpdate({
      Key: keys.message(roomId, messageId),
      UpdateExpression:
        mentions.length > 0
          ? 'SET #text = :text, editedAt = :editedAt, mentions = :mentions'
          : 'SET #text = :text, editedAt = :editedAt REMOVE mentions',
      ConditionExpression: authorsLiveMessage(author),
      ExpressionAttributeNames: authorNames(author),
      ExpressionAttributeValues: {
        ':text': change.text,
        ':editedAt': change.editedAt,
        ...(mentions.length > 0 ? { ':mentions': mentions } : {}),
        ...authorValues(author, nowSeconds),
      },
      ReturnValues: 'ALL_NEW',
    });
    return item ? liveMessage(item) : undefined;
  }

  async markDeleted(roomId: string, messageId: string, author: Author, nowSeconds: number): Promise<boolean> {
    const item = await this.conditionalUpdate({
      Key: keys.message(roomId, messageId),
      // The text goes, and with it all that quoted or answered it; the item keeps its place and its TTL.
      UpdateExpression: 'SET #deleted = :true REMOVE #text, editedAt, reactions, replyTo, mentions, rev',
      ConditionExpression: authorsLiveMessage(author),
      ExpressionAttributeNames: authorNames(author),
      ExpressionAttributeValues: { ':true': true, ...authorValues(author, nowSeconds) },
      ReturnValues: 'NONE',
    });
    return item !== undefined;
  }

  async setReactions(
    roomId: string,
    messageId: string,
    reactions: Reactions,
    rev: number,
    nowSeconds: number,
  ): Promise<ChatMessage | undefined> {
    const some = Object.keys(reactions).length > 0;
    const item = await this.conditionalUpdate({
      Key: keys.message(roomId, messageId),
      UpdateExpression: some ? 'SET reactions = :reactions, rev = :next' : 'SET rev = :next REMOVE reactions',
      // The revision read, so a concurrent change is never overwritten: the caller reads again and retries.
      ConditionExpression: `attribute_exists(pk) AND #expiresAt > :now AND attribute_not_exists(#deleted) AND ${
        rev === 0 ? '(attribute_not_exists(rev) OR rev = :rev)' : 'rev = :rev'
      }`,
      ExpressionAttributeNames: { '#expiresAt': names['#expiresAt'], '#deleted': names['#deleted'] },
      ExpressionAttributeValues: {
        ...(some ? { ':reactions': reactions } : {}),
        ':next': rev + 1,
        ':rev': rev,
        ':now': nowSeconds,
      },
      ReturnValues: 'ALL_NEW',
    });
    return item ? liveMessage(item) : undefined;
  }

  /**
   * Reads the messages after the marker oldest first, at most `scannedMax` (Limit caps what each Query reads, and
   * so what it costs: about 0.5 read units per 4 KB read), filtering out expired, deleted and the reader's own on
   * the server, projecting only `mentions`.
   */
  async countUnread(
    roomId: string,
    query: UnreadQuery,
    nowSeconds: number,
  ): Promise<{ unread: number; mentions: number }> {
    let unread = 0;
    let mentions = 0;
    let scanned = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          FilterExpression: '#expiresAt > :now AND #sender <> :reader AND attribute_not_exists(#deleted)',
          ProjectionExpression: 'mentions',
          ExpressionAttributeNames: {
            '#expiresAt': names['#expiresAt'],
            '#sender': names['#sender'],
            '#deleted': names['#deleted'],
          },
          ExpressionAttributeValues: {
            ':pk': keys.messagePartition(roomId),
            // `<after>!` sorts after `after` and before every newer id (see listMessages).
            ':low': query.after !== undefined ? `${keys.messageSort(query.after)}!` : 'MSG#',
            ':high': 'MSG#~',
            ':now': nowSeconds,
            ':reader': query.reader,
          },
          Limit: query.scannedMax - scanned,
          ExclusiveStartKey: startKey,
        }),
      );
      scanned += page.ScannedCount ?? page.Items?.length ?? 0;
      for (const item of page.Items ?? []) {
        unread++;
        if (Array.isArray(item.mentions) && item.mentions.includes(query.reader)) mentions++;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && scanned < query.scannedMax && unread < query.max);
    return { unread: Math.min(unread, query.max), mentions: Math.min(mentions, query.max) };
  }

  /** The item after the update, or undefined when its condition failed. */
  private async conditionalUpdate(
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const { Attributes } = await this.doc.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return Attributes ?? {};
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return undefined;
      throw err;
    }
  }
}

/**
 * The author's message, still there (not past its TTL) and not deleted (core/message-records.ts `isAuthorOf`). A
 * guest's must also carry the acting session: the name may have passed to another guest since. A message stored
 * before `senderType` existed has none (it was a guest's, or the bot's, whose name no person holds); one stored
 * before `authorSession` existed has none either, so no guest edits or deletes it (such messages expire in 48 hours).
 */
function authorsLiveMessage(author: Author): string {
  const kind =
    author.senderType === 'guest'
      ? '(#senderType = :senderType OR attribute_not_exists(#senderType)) AND #authorSession = :authorSession'
      : '#senderType = :senderType';
  return `attribute_exists(pk) AND #expiresAt > :now AND attribute_not_exists(#deleted) AND #sender = :sender AND ${kind}`;
}

/** DynamoDB refuses a placeholder an expression does not use: `#authorSession` only in a guest's condition. */
function authorNames(author: Author): Record<string, string> {
  return author.senderType === 'guest' ? { ...names, '#authorSession': 'authorSession' } : names;
}

function authorValues(author: Author, nowSeconds: number): Record<string, unknown> {
  const values = { ':sender': author.name, ':senderType': author.senderType, ':now': nowSeconds };
  // A guest without a session matches no item: no session id has parentheses.
  return author.senderType === 'guest'
    ? { ...values, ':authorSession': author.sessionId ?? '(none)' }
    : values;
}

function liveMessage(item: Record<string, unknown>): ChatMessage | undefined {
  const entry = toEntry(item);
  return 'text' in entry ? entry : undefined;
}

/** A stored item as history shows it: a message with what it carries, or the tombstone of a deleted one. */
function toEntry(item: Record<string, unknown>): HistoryEntry {
  const base = {
    messageId: String(item.messageId),
    roomId: String(item.roomId),
    sender: String(item.sender),
    senderType: senderTypeOf(item),
    createdAt: String(item.createdAt),
  };
  if (item.deleted === true) return { ...base, deleted: true };
  const reactions = reactionsOf(item.reactions);
  const replyTo = replyToOf(item.replyTo);
  const mentions = Array.isArray(item.mentions) ? item.mentions.map(String) : [];
  return {
    ...base,
    text: String(item.text),
    ...(typeof item.editedAt === 'string' ? { editedAt: item.editedAt } : {}),
    ...(reactions ? { reactions } : {}),
    ...(replyTo ? { replyTo } : {}),
    ...(mentions.length > 0 ? { mentions } : {}),
  };
}

function reactionsOf(value: unknown): Reactions | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const reactions: Reactions = {};
  for (const [emoji, who] of Object.entries(value)) {
    if (Array.isArray(who) && who.length > 0) reactions[emoji] = who.map(String);
  }
  return Object.keys(reactions).length > 0 ? reactions : undefined;
}

function replyToOf(value: unknown): ReplyTo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { messageId, sender, excerpt } = value as Record<string, unknown>;
  if (typeof messageId !== 'string' || typeof sender !== 'string' || typeof excerpt !== 'string')
    return undefined;
  return { messageId, sender, excerpt };
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
