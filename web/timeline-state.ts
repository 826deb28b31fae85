import { lastEditable, withDeletion, withUpdate } from './message-changes';
import { mergeMessages } from './message-order';
import type { ChatMessage, ReplyTo, SenderType } from './types';

/** queued: waiting for a connection; sending: on the wire, no ack yet; failed: the server refused it. */
type PendingStatus = 'queued' | 'sending' | 'failed';

export interface PendingMessage {
  clientMessageId: string;
  roomId: string;
  sender: string;
  /** How this page signed in: the server will say the same of the stored message. */
  senderType: SenderType;
  text: string;
  createdAt: string;
  status: PendingStatus;
  error?: string;
  /** Set once it went on the wire: only then can the server hold a copy of it. */
  sent?: boolean;
  /** The message it answers, quoted as the page shows it until the server's copy (with its own quote) comes. */
  replyTo?: ReplyTo;
}

/** Clocks differ between page and server; a stored copy cannot be much older than the page's own record. */
const CLOCK_SKEW_MS = 60_000;

/**
 * The page's memory of messages per room, plus the ones it sent that the server has not confirmed yet.
 * Pure: no DOM, no timers, no network (the caller passes the clock).
 */
export class Timeline {
  private readonly rooms = new Map<string, ChatMessage[]>();
  private pending: PendingMessage[] = [];

  messages(roomId: string): readonly ChatMessage[] {
    return this.rooms.get(roomId) ?? [];
  }

  pendingIn(roomId: string): readonly PendingMessage[] {
    return this.pending.filter((p) => p.roomId === roomId);
  }

  /** The newest messageId seen in a room: the `after` cursor for catching up. */
  lastMessageId(roomId: string): string | undefined {
    return this.rooms.get(roomId)?.at(-1)?.messageId;
  }

  oldestMessageId(roomId: string): string | undefined {
    return this.rooms.get(roomId)?.[0]?.messageId;
  }

  /**
   * Adds messages from history or the socket. A message of our own that matches an unconfirmed one
   * (same room and text, oldest first) settles it: the frame can beat the ack, and after a reconnect the
   * history can prove that a message sent just before the drop did arrive, so it is not sent twice.
   */
  add(roomId: string, incoming: readonly ChatMessage[], me: string | null): void {
    const settled = incoming.map((m) => {
      if (m.sender !== me || m.clientMessageId) return m;
      const known = this.rooms.get(roomId)?.find((x) => x.messageId === m.messageId);
      if (known?.clientMessageId) return m;
      // Only a message that went on the wire can have been stored; another tab under the same name, or
      // someone else with the name, may say the same words.
      const p = this.pending.find(
        (p) =>
          p.sent === true &&
          p.roomId === roomId &&
          p.text === m.text &&
          p.status !== 'failed' &&
          Date.parse(m.createdAt) >= Date.parse(p.createdAt) - CLOCK_SKEW_MS,
      );
      if (!p) return m;
      this.pending.splice(this.pending.indexOf(p), 1);
      return { ...m, clientMessageId: p.clientMessageId };
    });
    this.rooms.set(roomId, mergeMessages(this.rooms.get(roomId) ?? [], settled));
  }

  /** A `messageUpdated` frame (an edit or a reaction): false when the page does not hold the message. */
  update(message: ChatMessage): boolean {
    const next = withUpdate(this.messages(message.roomId), message);
    if (next) this.rooms.set(message.roomId, next);
    return next !== null;
  }

  /** A `messageDeleted` frame: the message becomes a tombstone. False when the page does not hold it. */
  remove(roomId: string, messageId: string): boolean {
    const next = withDeletion(this.messages(roomId), messageId);
    if (next) this.rooms.set(roomId, next);
    return next !== null;
  }

  message(roomId: string, messageId: string): ChatMessage | undefined {
    return this.rooms.get(roomId)?.find((m) => m.messageId === messageId);
  }

  /** The person's newest message in the room that can still be edited. */
  lastEditable(roomId: string, me: string | null): ChatMessage | undefined {
    return lastEditable(this.messages(roomId), me);
  }

  enqueue(p: Omit<PendingMessage, 'status'>): PendingMessage {
    const entry: PendingMessage = { ...p, status: 'queued' };
    this.pending.push(entry);
    return entry;
  }

  find(clientMessageId: string): PendingMessage | undefined {
    return this.pending.find((p) => p.clientMessageId === clientMessageId);
  }

  queued(): readonly PendingMessage[] {
    return this.pending.filter((p) => p.status === 'queued');
  }

  markSending(clientMessageId: string): void {
    const p = this.find(clientMessageId);
    if (p) {
      p.status = 'sending';
      p.sent = true;
      p.error = undefined;
    }
  }

  /** The socket dropped: whatever was on the wire without an ack goes back to the queue. */
  requeueSending(): void {
    for (const p of this.pending) if (p.status === 'sending') p.status = 'queued';
  }

  /** Ack: the message is stored. It shows as sent right away; the server's copy replaces it when it comes. */
  ack(clientMessageId: string, messageId: string): void {
    const p = this.find(clientMessageId);
    if (!p) return; // already settled by the message frame
    this.pending.splice(this.pending.indexOf(p), 1);
    const list = this.rooms.get(p.roomId) ?? [];
    const known = list.find((m) => m.messageId === messageId);
    const provisional: ChatMessage = known
      ? { ...known, clientMessageId }
      : {
          messageId,
          roomId: p.roomId,
          sender: p.sender,
          senderType: p.senderType,
          text: p.text,
          createdAt: p.createdAt,
          ...(p.replyTo ? { replyTo: p.replyTo } : {}),
          clientMessageId,
        };
    this.rooms.set(
      p.roomId,
      mergeMessages(
        list.filter((m) => m.messageId !== messageId),
        [provisional],
      ),
    );
  }

  fail(clientMessageId: string, error: string): void {
    const p = this.find(clientMessageId);
    if (p) {
      p.status = 'failed';
      p.error = error;
    }
  }

  /** Retry after a refusal (e.g. a rate limit): back to the queue with the same clientMessageId. */
  requeue(clientMessageId: string): void {
    const p = this.find(clientMessageId);
    if (p) {
      p.status = 'queued';
      p.error = undefined;
    }
  }

  discard(clientMessageId: string): void {
    this.pending = this.pending.filter((p) => p.clientMessageId !== clientMessageId);
  }
}
