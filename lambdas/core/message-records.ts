import type { ChatMessage, HistoryEntry, Reactions, SenderType } from '../contract/resources';

/**
 * Who acts on a message: its author is the one whose name and kind of sign-in sent it and, for a guest, the same
 * session. An account's name is its own for good; a guest's name is free again once its session ends, and the next
 * guest to take it must not edit or delete the messages of the one before.
 */
export interface Author {
  name: string;
  senderType: SenderType;
  /** The acting session (token or socket); a guest without one authors nothing. */
  sessionId?: string;
}

/** Whether `author` may edit or delete a message stored with these sender fields and author's session. */
export function isAuthorOf(
  stored: { sender: string; senderType: SenderType; authorSession?: string | undefined },
  author: Author,
): boolean {
  if (stored.sender !== author.name || stored.senderType !== author.senderType) return false;
  return (
    author.senderType !== 'guest' ||
    (author.sessionId !== undefined && stored.authorSession === author.sessionId)
  );
}

/** A stored message or tombstone, with the revision its reactions were read at. */
export interface StoredEntry {
  entry: HistoryEntry;
  /** The session that posted it (kept on the item, never shown): a guest's edits and deletions must come from it. */
  authorSession?: string;
  /** Bumped by every reaction change: a write conditioned on it cannot lose another's concurrent change. */
  rev: number;
}

export interface EditChange {
  text: string;
  editedAt: string;
  /** Replaces the message's mentions; absent or empty removes them. */
  mentions?: readonly string[];
}

export interface UnreadQuery {
  /** Only messages newer than this messageId (the reader's marker); absent: every live message. */
  after?: string;
  /** The reader's name: their own messages are not unread, and `mentions` counts the messages naming them. */
  reader: string;
  /** Stop counting here. */
  max: number;
  /** Read at most this many messages (before filtering), so one room's count has a bounded cost. */
  scannedMax: number;
}

/**
 * What editing, deleting, reacting, replying, mentioning and unread counts need of the stored messages, each a
 * single conditional write or a bounded read of the message's own item or partition (never a Scan). Every read
 * leaves out what has expired (DynamoDB deletes expired items late).
 */
export interface MessageRecords {
  /** The live message or tombstone `messageId` of the room (strongly consistent), or undefined. */
  getEntry(roomId: string, messageId: string, nowSeconds: number): Promise<StoredEntry | undefined>;
  /** The senders of the room's newest `limit` live messages (one Query, newest first; repeats removed). */
  recentSenders(roomId: string, limit: number, nowSeconds: number): Promise<string[]>;
  /** The edited message, or undefined when it is not a live, undeleted message of `author`. */
  editText(
    roomId: string,
    messageId: string,
    author: Author,
    change: EditChange,
    nowSeconds: number,
  ): Promise<ChatMessage | undefined>;
  /** Makes it a tombstone (no text, reactions, reply or mentions); false when not a live, undeleted one of `author`. */
  markDeleted(roomId: string, messageId: string, author: Author, nowSeconds: number): Promise<boolean>;
  /**
   * Replaces its reactions (empty: none), or undefined when it is no longer live and undeleted or its reactions
   * changed since revision `rev` was read.
   */
  setReactions(
    roomId: string,
    messageId: string,
    reactions: Reactions,
    rev: number,
    nowSeconds: number,
  ): Promise<ChatMessage | undefined>;
  /** The room's unread messages for the reader, and how many of them mention the reader, each up to `max`. */
  countUnread(
    roomId: string,
    query: UnreadQuery,
    nowSeconds: number,
  ): Promise<{ unread: number; mentions: number }>;
}

/** One read marker per person and room: the newest message they have seen there. */
export interface ReadMarkers {
  /** Moves the marker forward to `messageId` (never back). `expiresAt` in epoch seconds (the TTL attribute). */
  markRead(readerKey: string, roomId: string, messageId: string, expiresAt: number): Promise<void>;
  /** The reader's live markers among these rooms: roomId → messageId. */
  markersOf(readerKey: string, roomIds: readonly string[], nowSeconds: number): Promise<Map<string, string>>;
}
