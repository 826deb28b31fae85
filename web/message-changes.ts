/**
 * What happens to a message after it was posted: edits, reactions (both arrive as `messageUpdated`) and deletion
 * (`messageDeleted`), applied to the messages the page holds. Pure functions over lists.
 */
import type { ChatMessage } from './types';

export function isDeleted(m: ChatMessage): boolean {
  return m.deleted === true;
}

/** The tombstone the page keeps of a deleted message: where it was and who wrote it, not what it said. */
export function tombstone(m: ChatMessage): ChatMessage {
  const { reactions: _reactions, mentions: _mentions, ...rest } = m;
  return { ...rest, text: '', deleted: true };
}

/**
 * Which of two copies of one message to keep. The incoming one, unless it is older than what the page has: a
 * history page read before a live edit or deletion arrived must not bring the old text back.
 */
export function laterVersion(held: ChatMessage, incoming: ChatMessage): ChatMessage {
  if (isDeleted(held) && !isDeleted(incoming)) return held;
  const heldEdit = held.editedAt ? Date.parse(held.editedAt) : 0;
  const incomingEdit = incoming.editedAt ? Date.parse(incoming.editedAt) : 0;
  return incomingEdit < heldEdit ? held : incoming;
}

/**
 * The list with `message` (a `messageUpdated`) in place of its held copy; null when the page does not hold it (it
 * is older than what was loaded: history will bring it as it is now).
 */
export function withUpdate(list: readonly ChatMessage[], message: ChatMessage): ChatMessage[] | null {
  const index = list.findIndex((m) => m.messageId === message.messageId);
  const held = list[index];
  if (!held) return null;
  const kept = laterVersion(held, message);
  const next = [...list];
  next[index] = held.clientMessageId ? { ...kept, clientMessageId: held.clientMessageId } : kept;
  return next;
}

/** The list with the message turned into its tombstone; null when the page does not hold it. */
export function withDeletion(list: readonly ChatMessage[], messageId: string): ChatMessage[] | null {
  const index = list.findIndex((m) => m.messageId === messageId);
  const held = list[index];
  if (!held) return null;
  const next = [...list];
  next[index] = tombstone(held);
  return next;
}

/** The newest message of `me` that can still be edited: what Up in an empty message box edits. */
export function lastEditable(list: readonly ChatMessage[], me: string | null): ChatMessage | undefined {
  if (!me) return undefined;
  return list.findLast((m) => m.sender === me && m.senderType !== 'bot' && !isDeleted(m));
}

/** Whether a message calls `me` by name (the server lists the names it mentions, as their people spell them). */
export function mentionsMe(m: ChatMessage, me: string | null): boolean {
  return !isDeleted(m) && namesInclude(m.mentions, me);
}

/** Names are one person's whatever their case (the server holds them that way). */
export function namesInclude(names: readonly string[] | undefined, me: string | null): boolean {
  if (!me || !names) return false;
  const mine = me.toLocaleLowerCase();
  return names.some((name) => name.toLocaleLowerCase() === mine);
}
