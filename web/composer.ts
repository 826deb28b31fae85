/**
 * Writing and sending: the message box's checks, typing notices, and the queue of messages on their way.
 * A message is shown at once as pending, goes on the wire when the socket is up, and is settled by the
 * server's ack or refused by its error frame (timeline-state.ts keeps that record).
 */
import type { SendMessageFrame, TypingFrame } from '../lambdas/contract/websocket';
import type { MessageActions } from './message-actions';
import type { Timeline } from './timeline-state';
import type { ScrollMode } from './timeline-view';
import type { SenderType } from './types';
import { TypingThrottle } from './typing';
import { checkText, type TextCheck } from './validate';

/** The frames the composer sends. */
export type ComposerFrame = SendMessageFrame | TypingFrame;

export interface ComposerView {
  text(): string;
  clear(): void;
  /** The counter and the send button follow the text as it is typed. */
  showCheck(check: TextCheck): void;
}

export interface ComposerDeps {
  view: ComposerView;
  timeline: Timeline;
  /** The socket's send: false when it is not connected (the message then waits in the queue). */
  send: (frame: ComposerFrame) => boolean;
  room: () => string;
  me: () => string | null;
  /** How this page signed in, shown on its messages until the server's copies arrive. */
  senderType: () => SenderType;
  now: () => number;
  newClientMessageId: () => string;
  /** The pending messages changed: show them. */
  onChange: (scroll: ScrollMode) => void;
  /** Whether the box writes a new message, a reply or an edit (message-actions.ts). */
  mode?: Pick<MessageActions, 'mode' | 'replyTo' | 'replied' | 'saveEdit'>;
}

/** 16 random bytes as hex. getRandomValues works on plain http too (randomUUID needs a secure context). */
export function newClientMessageId(
  fill: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> = (bytes) =>
    crypto.getRandomValues(bytes),
): string {
  const bytes = fill(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Enter sends; Shift+Enter is a new line, and Enter that confirms an IME composition (Japanese, Chinese…) is not a send. */
export function isSendKey(e: { key: string; shiftKey: boolean; isComposing: boolean }): boolean {
  return e.key === 'Enter' && !e.shiftKey && !e.isComposing;
}

export class Composer {
  private readonly typing = new TypingThrottle();

  constructor(private readonly deps: ComposerDeps) {}

  /** The counter and the send button for the text in the box (at page load, the browser may have kept some). */
  showCheck(): void {
    this.deps.view.showCheck(checkText(this.deps.view.text()));
  }

  /** The text changed: update the counter, and tell the room the person is typing (at most every few seconds). */
  edited(): void {
    const { view, send, now, room } = this.deps;
    const text = view.text();
    this.showCheck();
    if (text.trim() && this.typing.shouldSend(now())) send({ action: 'typing', roomId: room() });
  }

  submit(): void {
    const { view, timeline, now, room } = this.deps;
    const check = checkText(view.text());
    const name = this.deps.me();
    if (!check.ok || !name) return;
    const mode = this.deps.mode;
    if (mode?.mode.kind === 'edit') {
      // An edit goes out at once or not at all: it is not queued like a message (the text stays to try again).
      if (mode.saveEdit(check.text)) {
        view.clear();
        this.showCheck();
      }
      return;
    }
    const replyTo = mode?.replyTo();
    timeline.enqueue({
      clientMessageId: this.deps.newClientMessageId(),
      roomId: room(),
      sender: name,
      senderType: this.deps.senderType(),
      text: check.text,
      createdAt: new Date(now()).toISOString(),
      ...(replyTo ? { replyTo } : {}),
    });
    mode?.replied();
    view.clear();
    this.typing.reset();
    this.showCheck();
    this.flush();
    this.deps.onChange('bottom');
  }

  /** Sends what waits, oldest first, until the socket says no (the rest waits for the next connection). */
  flush(): void {
    const { timeline, send } = this.deps;
    for (const p of timeline.queued()) {
      const sent = send({
        action: 'sendMessage',
        roomId: p.roomId,
        text: p.text,
        clientMessageId: p.clientMessageId,
        ...(p.replyTo ? { replyTo: p.replyTo.messageId } : {}),
      });
      if (!sent) break;
      timeline.markSending(p.clientMessageId);
    }
    this.deps.onChange('auto');
  }

  /** Send a refused message again (e.g. after a rate limit), under the same clientMessageId. */
  retry(clientMessageId: string): void {
    this.deps.timeline.requeue(clientMessageId);
    this.flush();
  }

  discard(clientMessageId: string): void {
    this.deps.timeline.discard(clientMessageId);
    this.deps.onChange('auto');
  }

  /** Another room: its people should hear about the next keystroke at once. */
  roomChanged(): void {
    this.typing.reset();
  }
}
