/** The message log on screen: keyed rows, failed-message actions, "load older", "no messages yet" and scrolling. */
// limits.ts directly: the contract's index would bring its schemas (and valibot) into the bundle.
import { BOT_NAME } from '../lambdas/contract/limits';
import { avatar } from './avatar';
import { el } from './dom';
import { formatTime } from './format';
import { parseMarkdown } from './markdown';
import { markdownNodes } from './markdown-view';
import type { PendingMessage } from './timeline-state';
import type { ChatMessage, SenderType } from './types';

export type ScrollMode = 'auto' | 'bottom' | 'keep';

export interface ScrollBox {
  readonly scrollHeight: number;
  readonly scrollTop: number;
  readonly clientHeight: number;
}

/** Within this many pixels of the end counts as reading the newest messages. */
const nearBottomPx = 48;

export function atBottom(box: ScrollBox): boolean {
  return box.scrollHeight - box.scrollTop - box.clientHeight < nearBottomPx;
}

/**
 * Where to scroll once the log has changed, from the box as it was before (null: leave it). `keep` holds the
 * shown messages in place when older ones are added above; `bottom` follows the person's own message; `auto`
 * follows new messages only for a reader who was at the bottom, so nobody is pulled away from what they read.
 */
export function scrollTopAfter(
  mode: ScrollMode,
  before: ScrollBox,
  scrollHeightAfter: number,
): number | null {
  if (mode === 'keep') return scrollHeightAfter - (before.scrollHeight - before.scrollTop);
  if (mode === 'bottom' || atBottom(before)) return scrollHeightAfter;
  return null;
}

export interface MessageActions {
  retry(clientMessageId: string): void;
  discard(clientMessageId: string): void;
}

type RowState = 'sent' | PendingMessage['status'];

/** One line of the log, stored or pending alike. */
export interface MessageRow {
  key: string;
  messageId?: string;
  sender: string;
  senderType: SenderType;
  text: string;
  createdAt: string;
  state: RowState;
  error?: string;
  clientMessageId?: string;
}

/**
 * The log's rows, oldest first, the pending ones last. A row is keyed by the page's clientMessageId when it
 * has one, so the node of a message the person sent stays the same through the ack and the server's copy.
 */
export function messageRows(
  messages: readonly ChatMessage[],
  pending: readonly PendingMessage[],
): MessageRow[] {
  return [
    ...messages.map(
      (m): MessageRow => ({
        key: m.clientMessageId ? `c:${m.clientMessageId}` : `m:${m.messageId}`,
        messageId: m.messageId,
        sender: m.sender,
        senderType: m.senderType,
        text: m.text,
        createdAt: m.createdAt,
        state: 'sent',
        clientMessageId: m.clientMessageId,
      }),
    ),
    ...pending.map(
      (p): MessageRow => ({
        key: `c:${p.clientMessageId}`,
        sender: p.sender,
        senderType: p.senderType,
        text: p.text,
        createdAt: p.createdAt,
        state: p.status,
        error: p.error,
        clientMessageId: p.clientMessageId,
      }),
    ),
  ];
}

/** The marker after a sender's name: text, so it is read out and seen without colour; none for an account. */
export interface SenderMark {
  className: string;
  text: string;
  /** What the marker means, on hover. */
  title: string;
}

export function senderMark(senderType: SenderType): SenderMark | null {
  switch (senderType) {
    case 'bot':
      return { className: 'badge', text: 'bot', title: `${BOT_NAME}, the bot` };
    case 'guest':
      return { className: 'badge guest', text: 'guest', title: 'Signed in as a guest, not with an account' };
    case 'user':
      return null;
  }
}

const notes: Record<RowState, string> = {
  sent: '',
  queued: 'waiting for connection…',
  sending: 'sending…',
  failed: 'not sent',
};

function fillRow(
  node: HTMLLIElement,
  row: MessageRow,
  me: string | null,
  now: Date,
  actions: MessageActions,
): void {
  const bot = row.senderType === 'bot';
  const mine = row.sender === me;
  node.className = `msg${bot ? ' bot' : ''}${mine ? ' mine' : ''}${row.state === 'sent' ? '' : ` ${row.state}`}`;
  node.dataset.testid = 'message';
  node.dataset.sender = row.sender;
  node.dataset.senderType = row.senderType;
  node.dataset.state = row.state;
  if (row.messageId) node.dataset.messageId = row.messageId;
  else delete node.dataset.messageId;
  if (row.clientMessageId) node.dataset.clientMessageId = row.clientMessageId;

  const meta = el('div', { className: 'meta' }, [el('span', { className: 'sender', text: row.sender })]);
  const mark = senderMark(row.senderType);
  if (mark)
    meta.append(el('span', { className: mark.className, text: mark.text, attrs: { title: mark.title } }));
  const time = el('time', { text: formatTime(row.createdAt, now), attrs: { datetime: row.createdAt } });
  time.title = new Date(row.createdAt).toLocaleString();
  meta.append(time);
  if (notes[row.state]) meta.append(el('span', { className: 'note', text: notes[row.state] }));

  const body = el('div', { className: 'body' }, [
    meta,
    el('div', { className: 'text' }, markdownNodes(parseMarkdown(row.text))),
  ]);
  if (row.state === 'failed' && row.clientMessageId) {
    const id = row.clientMessageId;
    const retry = el('button', { className: 'link', text: 'Retry', attrs: { type: 'button' } });
    const discard = el('button', { className: 'link', text: 'Discard', attrs: { type: 'button' } });
    retry.addEventListener('click', () => actions.retry(id));
    discard.addEventListener('click', () => actions.discard(id));
    body.append(
      el('p', { className: 'failure' }, [el('span', { text: row.error ?? 'Not sent.' }), retry, discard]),
    );
  }
  node.replaceChildren(avatar(row.sender), body);
}

/**
 * Keyed rendering of the message log: existing nodes are kept and only changed rows are rebuilt, so the
 * aria-live log announces new messages instead of the whole history on every update.
 */
class MessageList {
  private readonly nodes = new Map<string, { node: HTMLLIElement; signature: string }>();

  constructor(
    private readonly list: HTMLElement,
    private readonly actions: MessageActions,
  ) {}

  clear(): void {
    this.nodes.clear();
    this.list.replaceChildren();
  }

  render(rows: readonly MessageRow[], me: string | null): void {
    const now = new Date();
    const wanted = new Set(rows.map((r) => r.key));
    for (const [key, { node }] of this.nodes) {
      if (!wanted.has(key)) {
        node.remove();
        this.nodes.delete(key);
      }
    }
    let cursor: ChildNode | null = this.list.firstChild;
    for (const row of rows) {
      const signature = JSON.stringify([
        row.messageId,
        row.sender,
        row.senderType,
        row.text,
        row.createdAt,
        row.state,
        row.error,
        me,
      ]);
      let entry = this.nodes.get(row.key);
      if (!entry) {
        entry = { node: el('li'), signature: '' };
        this.nodes.set(row.key, entry);
      }
      if (entry.signature !== signature) {
        fillRow(entry.node, row, me, now, this.actions);
        entry.signature = signature;
      }
      if (entry.node === cursor) cursor = cursor.nextSibling;
      else this.list.insertBefore(entry.node, cursor);
    }
  }
}

/** What the log shows for the open room. */
export interface TimelineSnapshot {
  messages: readonly ChatMessage[];
  pending: readonly PendingMessage[];
  me: string | null;
  /** The room's first page has arrived: only then is an empty log really empty. */
  loaded: boolean;
  hasOlder: boolean;
}

export interface TimelineElements {
  scroller: HTMLElement;
  list: HTMLElement;
  empty: HTMLElement;
  loadOlder: HTMLButtonElement;
}

export class TimelineView {
  private readonly rows: MessageList;

  constructor(
    private readonly els: TimelineElements,
    actions: MessageActions,
  ) {
    this.rows = new MessageList(els.list, actions);
  }

  show(snapshot: TimelineSnapshot, scroll: ScrollMode): void {
    const { scroller, empty, loadOlder } = this.els;
    const before = {
      scrollHeight: scroller.scrollHeight,
      scrollTop: scroller.scrollTop,
      clientHeight: scroller.clientHeight,
    };
    this.rows.render(messageRows(snapshot.messages, snapshot.pending), snapshot.me);
    empty.hidden = !snapshot.loaded || snapshot.messages.length + snapshot.pending.length > 0;
    loadOlder.hidden = !snapshot.hasOlder;
    const top = scrollTopAfter(scroll, before, scroller.scrollHeight);
    if (top !== null) scroller.scrollTop = top;
  }

  /** Another room: its messages replace these, none of the nodes carry over. */
  clear(): void {
    this.rows.clear();
  }

  /** "Load older messages" runs `load`, disabled until it is done so one click asks for one page. */
  onLoadOlder(load: () => Promise<void>): void {
    const button = this.els.loadOlder;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await load();
      } finally {
        button.disabled = false;
      }
    });
  }
}
