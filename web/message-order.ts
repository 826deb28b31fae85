import { laterVersion } from './message-changes';
import type { ChatMessage } from './types';

/** Oldest first: by createdAt, then messageId (unique, so the order is total and stable). */
export function compareMessages(a: ChatMessage, b: ChatMessage): number {
  const ta = Date.parse(a.createdAt);
  const tb = Date.parse(b.createdAt);
  // Compare parsed times, not strings: the server and the page may write different fraction lengths.
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  if (a.messageId === b.messageId) return 0;
  return a.messageId < b.messageId ? -1 : 1;
}

/**
 * Merges messages from any source (history pages, socket frames, acks) into one ordered list without
 * duplicates. The incoming copy wins (the server's version replaces a provisional one) unless it is older than
 * the held one (message-changes.ts laterVersion), and keeps the local clientMessageId so the page can keep the
 * same DOM node.
 */
export function mergeMessages(
  existing: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  const byId = new Map<string, ChatMessage>();
  for (const m of existing) byId.set(m.messageId, m);
  for (const m of incoming) {
    const old = byId.get(m.messageId);
    const kept = old ? laterVersion(old, m) : m;
    const clientMessageId = m.clientMessageId ?? old?.clientMessageId;
    byId.set(m.messageId, clientMessageId ? { ...kept, clientMessageId } : kept);
  }
  return [...byId.values()].sort(compareMessages);
}

/**
 * A history entry as the page holds it, or null for anything malformed: a message, or a tombstone (`deleted`,
 * without text) kept with an empty text.
 */
export function toChatMessage(value: unknown): ChatMessage | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  const shaped =
    typeof m.messageId === 'string' &&
    typeof m.roomId === 'string' &&
    typeof m.sender === 'string' &&
    (m.senderType === 'user' || m.senderType === 'guest' || m.senderType === 'bot') &&
    typeof m.createdAt === 'string';
  if (!shaped) return null;
  if (m.deleted === true) {
    const { messageId, roomId, sender, senderType, createdAt } = m as unknown as ChatMessage;
    return { messageId, roomId, sender, senderType, createdAt, text: '', deleted: true };
  }
  return typeof m.text === 'string' ? (value as ChatMessage) : null;
}
