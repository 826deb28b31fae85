import type { HistoryEntry, Reactions } from '../../../../lambdas/contract/resources';
import {
  type Author,
  type EditChange,
  isAuthorOf,
  type MessageRecords,
  type ReadMarkers,
  type StoredEntry,
  type UnreadQuery,
} from '../../../../lambdas/core/message-records';
import type { ChatMessage } from '../../../../lambdas/core/types';
import type { CallLog } from './fakes';

interface Item {
  entry: HistoryEntry;
  rev: number;
  expiresAt: number;
  authorSession?: string;
}

/** Messages by room and id, with the conditions the table's writes have (live, undeleted, the author's, the revision). */
export class MemoryMessageRecords implements MessageRecords {
  readonly items = new Map<string, Item>();
  /** setReactions refuses this many times more (as if someone else reacted in between), then behaves. */
  conflicts = 0;
  constructor(private readonly log: CallLog = []) {}

  add(message: ChatMessage, expiresAt = Number.MAX_SAFE_INTEGER, authorSession?: string): ChatMessage {
    this.items.set(`${message.roomId}/${message.messageId}`, {
      entry: message,
      rev: 0,
      expiresAt,
      ...(authorSession === undefined ? {} : { authorSession }),
    });
    return message;
  }

  entry(roomId: string, messageId: string): HistoryEntry | undefined {
    return this.items.get(`${roomId}/${messageId}`)?.entry;
  }

  private live(roomId: string, messageId: string, nowSeconds: number): Item | undefined {
    const item = this.items.get(`${roomId}/${messageId}`);
    return item && item.expiresAt > nowSeconds ? item : undefined;
  }

  async getEntry(roomId: string, messageId: string, nowSeconds: number): Promise<StoredEntry | undefined> {
    this.log.push(`records.getEntry ${messageId}`);
    const item = this.live(roomId, messageId, nowSeconds);
    return item
      ? {
          entry: item.entry,
          rev: item.rev,
          ...(item.authorSession === undefined ? {} : { authorSession: item.authorSession }),
        }
      : undefined;
  }

  async recentSenders(roomId: string, limit: number, nowSeconds: number): Promise<string[]> {
    this.log.push(`records.recentSenders ${roomId}`);
    const live = [...this.items.values()]
      .filter((i) => i.entry.roomId === roomId && i.expiresAt > nowSeconds)
      .sort((a, b) => b.entry.messageId.localeCompare(a.entry.messageId))
      .slice(0, limit);
    return [...new Set(live.map((i) => i.entry.sender))];
  }

  private authors(item: Item | undefined, author: Author): item is Item & { entry: ChatMessage } {
    return (
      item !== undefined &&
      'text' in item.entry &&
      isAuthorOf({ ...item.entry, authorSession: item.authorSession }, author)
    );
  }

  async editText(
    roomId: string,
    messageId: string,
    author: Author,
    change: EditChange,
    nowSeconds: number,
  ): Promise<ChatMessage | undefined> {
    this.log.push(`records.editText ${messageId}`);
    const item = this.live(roomId, messageId, nowSeconds);
    if (!this.authors(item, author)) return undefined;
    const { mentions: _, ...rest } = item.entry;
    const mentions = change.mentions ?? [];
    const edited: ChatMessage = {
      ...rest,
      text: change.text,
      editedAt: change.editedAt,
      ...(mentions.length > 0 ? { mentions: [...mentions] } : {}),
    };
    item.entry = edited;
    return edited;
  }

  async markDeleted(roomId: string, messageId: string, author: Author, nowSeconds: number): Promise<boolean> {
    this.log.push(`records.markDeleted ${messageId}`);
    const item = this.live(roomId, messageId, nowSeconds);
    if (!this.authors(item, author)) return false;
    const { messageId: id, roomId: room, sender, senderType, createdAt } = item.entry;
    const stored: Item = item;
    stored.entry = { messageId: id, roomId: room, sender, senderType, createdAt, deleted: true };
    return true;
  }

  async setReactions(
    roomId: string,
    messageId: string,
    reactions: Reactions,
    rev: number,
    nowSeconds: number,
  ): Promise<ChatMessage | undefined> {
    this.log.push(`records.setReactions ${messageId}`);
    const item = this.live(roomId, messageId, nowSeconds);
    if (!item || !('text' in item.entry) || item.rev !== rev) return undefined;
    if (this.conflicts > 0) {
      this.conflicts--;
      item.rev++;
      return undefined;
    }
    const { reactions: _, ...rest } = item.entry;
    const updated: ChatMessage = { ...rest, ...(Object.keys(reactions).length > 0 ? { reactions } : {}) };
    item.entry = updated;
    item.rev++;
    return updated;
  }

  readonly unreadQueries: { roomId: string; query: UnreadQuery }[] = [];

  async countUnread(
    roomId: string,
    query: UnreadQuery,
    nowSeconds: number,
  ): Promise<{ unread: number; mentions: number }> {
    this.unreadQueries.push({ roomId, query });
    const after = query.after;
    const unread = [...this.items.values()]
      .filter((i) => i.entry.roomId === roomId && i.expiresAt > nowSeconds && 'text' in i.entry)
      .filter((i) => (after === undefined || i.entry.messageId > after) && i.entry.sender !== query.reader)
      .slice(0, query.scannedMax);
    const mentions = unread.filter((i) => 'text' in i.entry && i.entry.mentions?.includes(query.reader));
    return { unread: Math.min(unread.length, query.max), mentions: Math.min(mentions.length, query.max) };
  }
}

export class MemoryReadMarkers implements ReadMarkers {
  readonly markers = new Map<string, { messageId: string; expiresAt: number }>();

  async markRead(readerKey: string, roomId: string, messageId: string, expiresAt: number): Promise<void> {
    const key = `${readerKey}/${roomId}`;
    const current = this.markers.get(key);
    if (!current || current.messageId < messageId) this.markers.set(key, { messageId, expiresAt });
  }

  async markersOf(
    readerKey: string,
    roomIds: readonly string[],
    nowSeconds: number,
  ): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const roomId of roomIds) {
      const marker = this.markers.get(`${readerKey}/${roomId}`);
      if (marker && marker.expiresAt > nowSeconds) found.set(roomId, marker.messageId);
    }
    return found;
  }
}
