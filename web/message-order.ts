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
 * duplicates. The incoming copy wins (the server's version replaces a provisional one) but keeps the local
 * clientMessageId so the page can keep the same DOM node.
 */
export function mergeMessages(
  existing: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  const byId = new Map<string, ChatMessage>();
  for (const m of existing) byId.set(m.messageId, m);
  for (const m of incoming) {
    const old = byId.get(m.messageId);
    const clientMessageId = m.clientMessageId ?? old?.clientMessageId;
    byId.set(m.messageId, clientMessageId ? { ...m, clientMessageId } : m);
  }
  return [...byId.values()].sort(compareMessages);
}

export function isChatMessage(value: unknown): value is ChatMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.messageId === 'string' &&
    typeof m.roomId === 'string' &&
    typeof m.sender === 'string' &&
    (m.senderType === 'user' || m.senderType === 'guest' || m.senderType === 'bot') &&
    typeof m.text === 'string' &&
    typeof m.createdAt === 'string'
  );
}
