/**
 * Tells the server how far the person has read (`markRead {roomId, messageId}`), once the newest message they
 * have seen settles: scrolling past many messages sends one frame, not one per message.
 */
import type { Clock } from './clock';
import { compareMessages } from './message-order';
import type { ChatMessage } from './types';

/** Long enough to gather a scroll or a burst of messages into one frame, short enough to clear a count at once. */
const settleMs = 700;

export interface MarkReadRequest {
  roomId: string;
  messageId: string;
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
      if (!this.deps.send({ roomId, messageId: message.messageId })) return;
      this.waiting.delete(roomId);
    }
  }
}
