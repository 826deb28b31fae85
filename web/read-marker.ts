/**
 * Tells the server how far the person has read (`markRead {roomId, messageId}`), once the newest message they
 * have seen settles: scrolling past many messages sends one frame, not one per message. Each frame carries a
 * clientMessageId, so the server's `ack` says when the marker is stored: until then, unread counts from GET /rooms
 * for that room may still count what was read (unread.ts asks `settledSince`).
 */
import type { Clock } from './clock';
import { compareMessages } from './message-order';
import type { ChatMessage } from './types';

/** Long enough to gather a scroll or a burst of messages into one frame, short enough to clear a count at once. */
const settleMs = 700;

export interface MarkReadRequest {
  roomId: string;
  messageId: string;
  clientMessageId: string;
}

export interface ReadMarkerDeps {
  clock: Pick<Clock, 'later'>;
  /** The socket's send: false when it is not connected (the marker is sent on the next `flush`). */
  send: (frame: MarkReadRequest) => boolean;
}

export class ReadMarker {
  /** The newest message marked read per room (sent, or waiting to be). */
  private readonly marked = new Map<string, ChatMessage>();
  private readonly waiting = new Map<string, ChatMessage>();
  /** Sent, not acknowledged yet: clientMessageId → the marker. */
  private readonly inFlight = new Map<string, ChatMessage>();
  /** Counts the acknowledgements: a room's marker was stored at `storedAt` (see `settledSince`). */
  private sequence = 0;
  private readonly storedAt = new Map<string, number>();
  private ids = 0;
  private cancel: (() => void) | null = null;

  constructor(private readonly deps: ReadMarkerDeps) {}

  /** The person has seen `message` (and so everything before it). True when it is newer than what was marked. */
  seen(message: ChatMessage): boolean {
    const marked = this.marked.get(message.roomId);
    if (marked && compareMessages(message, marked) <= 0) return false;
    this.marked.set(message.roomId, message);
    this.waiting.set(message.roomId, message);
    this.cancel ??= this.deps.clock.later(() => {
      this.cancel = null;
      this.flush();
    }, settleMs);
    return true;
  }

  /** Sends what waits (after the settle time, or when the socket is back); what cannot go now waits on. */
  flush(): void {
    for (const [roomId, message] of this.waiting) {
      const clientMessageId = `read-${++this.ids}`;
      if (!this.deps.send({ roomId, messageId: message.messageId, clientMessageId })) return;
      this.waiting.delete(roomId);
      this.inFlight.set(clientMessageId, message);
    }
  }

  /** An `ack` frame: true when it was for a marker (then stored). */
  acked(clientMessageId: string): boolean {
    const message = this.inFlight.get(clientMessageId);
    if (!message) return false;
    this.inFlight.delete(clientMessageId);
    this.storedAt.set(message.roomId, ++this.sequence);
    return true;
  }

  /** An `error` frame: true when it was for a marker. The server keeps what it had; its counts are right again. */
  failed(clientMessageId: string): boolean {
    return this.acked(clientMessageId);
  }

  /** The socket closed: a marker without an ack may not have arrived, so it is sent again on the next flush. */
  disconnected(): void {
    for (const message of this.inFlight.values()) {
      const waiting = this.waiting.get(message.roomId);
      if (!waiting || compareMessages(message, waiting) > 0) this.waiting.set(message.roomId, message);
    }
    this.inFlight.clear();
  }

  /** Where the acknowledgements stand: take it before asking GET /rooms, and hand it to `settledSince` after. */
  mark(): number {
    return this.sequence;
  }

  /**
   * Whether the server's counts for `roomId`, asked at `mark`, know of every read marker of this page: none waits
   * or is on its way, and none was stored after they were asked.
   */
  settledSince(roomId: string, mark: number): boolean {
    if (this.waiting.has(roomId)) return false;
    for (const message of this.inFlight.values()) if (message.roomId === roomId) return false;
    return (this.storedAt.get(roomId) ?? 0) <= mark;
  }
}
