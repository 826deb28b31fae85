/**
 * What a person can do with a message: reply to it, react to it, and edit or delete their own. Replying and
 * editing go through the message box (its mode: a new message, a reply, an edit); reacting and deleting send their
 * frame at once. The server answers everyone in the room with `messageUpdated` / `messageDeleted`, which is what
 * changes the timeline: nothing here changes it.
 */

import { limits } from '../lambdas/contract/limits';
import type { DeleteMessageFrame, EditMessageFrame, ReactFrame } from '../lambdas/contract/websocket';
import { isDeleted } from './message-changes';
import type { Timeline } from './timeline-state';
import type { ReplyTo } from './types';

export type ComposeMode =
  | { kind: 'new' }
  | { kind: 'reply'; roomId: string; replyTo: ReplyTo }
  | { kind: 'edit'; roomId: string; messageId: string; original: string };

export type ActionFrame = EditMessageFrame | DeleteMessageFrame | ReactFrame;

export interface ComposeModeView {
  /** The line above the message box: what a reply answers, or that a message is being edited. */
  showMode(mode: ComposeMode): void;
  /** Puts text in the message box (the message being edited; empty again after). */
  setText(text: string): void;
  focusComposer(): void;
}

export interface MessageActionsDeps {
  timeline: Pick<Timeline, 'message' | 'lastEditable'>;
  room: () => string;
  me: () => string | null;
  /** The socket's send: false when it is not connected. */
  send: (frame: ActionFrame) => boolean;
  view: ComposeModeView;
  /** Asks the person to confirm a deletion (it cannot be undone). */
  confirmDelete: () => boolean;
  showError: (message: string) => void;
  /** The reader moderates the open room (issue 16): may delete anyone's message there. */
  canModerate?: () => boolean;
}

const offline = 'You are offline: try again once the connection is back.';

/** The start of a message's text on one line, as a reply quotes it (the server makes the stored quote the same way). */
export function excerpt(text: string, max: number = limits.replyExcerpt.maxLength): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

export class MessageActions {
  private current: ComposeMode = { kind: 'new' };

  constructor(private readonly deps: MessageActionsDeps) {}

  get mode(): ComposeMode {
    return this.current;
  }

  /** The quote of the message being answered, for the message about to be sent (in the open room). */
  replyTo(): ReplyTo | undefined {
    const mode = this.current;
    return mode.kind === 'reply' && mode.roomId === this.deps.room() ? mode.replyTo : undefined;
  }

  reply(messageId: string): void {
    const roomId = this.deps.room();
    const m = this.deps.timeline.message(roomId, messageId);
    if (!m || isDeleted(m)) return;
    if (this.current.kind === 'edit') this.deps.view.setText('');
    this.setMode({
      kind: 'reply',
      roomId,
      replyTo: { messageId, sender: m.sender, excerpt: excerpt(m.text) },
    });
  }

  /** Only the person's own messages, and not a deleted one. */
  edit(messageId: string): boolean {
    const roomId = this.deps.room();
    const m = this.deps.timeline.message(roomId, messageId);
    if (!m || isDeleted(m) || m.sender !== this.deps.me() || m.senderType === 'bot') return false;
    this.deps.view.setText(m.text);
    this.setMode({ kind: 'edit', roomId, messageId, original: m.text });
    return true;
  }

  /** Up in an empty message box: the person's newest message in the open room. */
  editLast(): boolean {
    const m = this.deps.timeline.lastEditable(this.deps.room(), this.deps.me());
    return m ? this.edit(m.messageId) : false;
  }

  /** Back to writing a new message (Escape, the cancel button, another room). */
  cancel(): void {
    if (this.current.kind === 'new') return;
    if (this.current.kind === 'edit') this.deps.view.setText('');
    this.setMode({ kind: 'new' });
  }

  /** The reply was handed to the composer's queue. */
  replied(): void {
    if (this.current.kind === 'reply') this.setMode({ kind: 'new' }, false);
  }

  /**
   * The message box was submitted while editing: sends the new text. True when the box should be cleared (sent,
   * or nothing changed); false keeps the text there to try again.
   */
  saveEdit(text: string): boolean {
    const mode = this.current;
    if (mode.kind !== 'edit') return false;
    if (text !== mode.original) {
      const sent = this.deps.send({
        action: 'editMessage',
        roomId: mode.roomId,
        messageId: mode.messageId,
        text,
      });
      if (!sent) {
        this.deps.showError(offline);
        return false;
      }
    }
    this.setMode({ kind: 'new' });
    return true;
  }

  /** Adds the person's reaction, or takes it back if they had it (the server toggles). */
  react(messageId: string, emoji: string): void {
    if (!this.deps.send({ action: 'react', roomId: this.deps.room(), messageId, emoji }))
      this.deps.showError(offline);
  }

  remove(messageId: string): void {
    const roomId = this.deps.room();
    const m = this.deps.timeline.message(roomId, messageId);
    if (!m || isDeleted(m)) return;
    if (m.sender !== this.deps.me() && !this.deps.canModerate?.()) return;
    if (!this.deps.confirmDelete()) return;
    if (!this.deps.send({ action: 'deleteMessage', roomId, messageId })) {
      this.deps.showError(offline);
      return;
    }
    if (this.current.kind === 'edit' && this.current.messageId === messageId) this.cancel();
  }

  /** A message was deleted (by its author, maybe in another tab): an edit or reply of it has nothing left to do. */
  deleted(roomId: string, messageId: string): void {
    const mode = this.current;
    if (mode.kind === 'new' || mode.roomId !== roomId) return;
    const target = mode.kind === 'edit' ? mode.messageId : mode.replyTo.messageId;
    if (target === messageId) this.cancel();
  }

  private setMode(mode: ComposeMode, focus = true): void {
    this.current = mode;
    this.deps.view.showMode(mode);
    if (focus) this.deps.view.focusComposer();
  }
}
