import { limits } from '../contract/limits';
import type { ReplyTo } from '../contract/resources';
import { ChatError } from './errors';
import { findMentions, mayMention } from './mentions';
import type { MessageRecords } from './message-records';
import type { ConnectionStore } from './ports';

export interface MessageExtrasDeps {
  records: Pick<MessageRecords, 'getEntry' | 'recentSenders'>;
  connections: Pick<ConnectionStore, 'roomConnections'>;
}

/** What a new message carries beside its text; absent fields are left out of the message. */
export interface MessageExtras {
  replyTo?: ReplyTo;
  mentions?: string[];
}

/**
 * The quoted line of a reply and the names a message mentions. A plain message (no `replyTo`, no `@`) costs no
 * read here; a reply reads the one message it answers; a message with an `@` reads the senders of the room's last
 * messages and, when a name is still unmatched, the first page of the room's sockets (see `knownNames`).
 */
export async function messageExtras(
  deps: MessageExtrasDeps,
  roomId: string,
  text: string,
  replyToId: string | undefined,
  nowSeconds: number,
): Promise<MessageExtras> {
  const [replyTo, mentions] = await Promise.all([
    replyToId === undefined ? undefined : quote(deps, roomId, replyToId, nowSeconds),
    mayMention(text) ? mentionsIn(deps, roomId, text, nowSeconds) : [],
  ]);
  return { ...(replyTo ? { replyTo } : {}), ...(mentions.length > 0 ? { mentions } : {}) };
}

/** The names the text mentions among those known in the room. */
export async function mentionsIn(
  deps: MessageExtrasDeps,
  roomId: string,
  text: string,
  nowSeconds: number,
): Promise<string[]> {
  const senders = await deps.records.recentSenders(roomId, limits.mentions.recentMessages, nowSeconds);
  const found = findMentions(text, senders);
  // Every `@` already names a recent sender: the sockets cannot add one.
  if (found.length >= countAts(text) || found.length >= limits.mentions.max) return found;
  const connected: string[] = [];
  // The first page only (up to 1 MB of the room's sockets): a bounded read, as mentions are a hint, not a promise.
  for await (const page of deps.connections.roomConnections(roomId, nowSeconds)) {
    for (const connection of page) connected.push(connection.name);
    break;
  }
  return findMentions(text, [...senders, ...connected]);
}

function countAts(text: string): number {
  return text.split('@').length - 1;
}

/** The message a reply answers, as the reply quotes it; 404 `message_not_found` if it is no live message here. */
async function quote(
  deps: MessageExtrasDeps,
  roomId: string,
  messageId: string,
  nowSeconds: number,
): Promise<ReplyTo> {
  const stored = await deps.records.getEntry(roomId, messageId, nowSeconds);
  if (!stored || !('text' in stored.entry)) {
    throw new ChatError('message_not_found', `replyTo: no message ${messageId} in room "${roomId}"`);
  }
  return { messageId, sender: stored.entry.sender, excerpt: excerptOf(stored.entry.text) };
}

/** The start of a text on one line: white space collapsed, cut with "…" past limits.replyExcerpt. */
export function excerptOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const max = limits.replyExcerpt.maxLength;
  if (line.length <= max) return line;
  // Not between the two halves of a surrogate pair (an emoji), which would leave half a character.
  const cut = line.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut.trimEnd()}…`;
}
