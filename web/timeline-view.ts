/** The message log on screen: keyed rows, failed-message actions, "load older", "no messages yet" and scrolling. */
// limits.ts directly: the contract's index would bring its schemas (and valibot) into the bundle.
import { BOT_NAME } from '../lambdas/contract/limits';
import { avatar } from './avatar';
import { el } from './dom';
import { formatTime } from './format';
import { parseMarkdown } from './markdown';
import { markdownNodes } from './markdown-view';
import { namesInclude } from './message-changes';
import {
  actionsBar,
  bindLongPress,
  editedMark,
  type RowActions,
  reactionsBar,
  replyQuote,
  tombstone,
} from './message-extras-view';
import type { PendingMessage } from './timeline-state';
import type { ChatMessage, ReplyTo, SenderType } from './types';

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
  editedAt?: string;
  deleted?: boolean;
  reactions?: Readonly<Record<string, readonly string[]>>;
  replyTo?: ReplyTo;
  mentions?: readonly string[];
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
        editedAt: m.editedAt,
        deleted: m.deleted,
        reactions: m.reactions,
        replyTo: m.replyTo,
        mentions: m.mentions,
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
        replyTo: p.replyTo,
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
  actions: RowActions,
  moderator = false,
): void {
  const bot = row.senderType === 'bot';
  const mine = row.sender === me;
  const mention = !row.deleted && namesInclude(row.mentions, me);
  const classes = ['msg'];
  if (bot) classes.push('bot');
  if (mine) classes.push('mine');
  if (row.state !== 'sent') classes.push(row.state);
  if (row.deleted) classes.push('deleted');
  if (mention) classes.push('mention');
  node.className = classes.join(' ');
  node.dataset.testid = 'message';
  node.dataset.sender = row.sender;
  node.dataset.senderType = row.senderType;
  node.dataset.state = row.state;
  // Focusable from script only: a reply's quote moves the focus here.
  node.tabIndex = -1;
  if (row.messageId) node.dataset.messageId = row.messageId;
  else delete node.dataset.messageId;
  if (row.clientMessageId) node.dataset.clientMessageId = row.clientMessageId;
  if (mention) node.dataset.mention = 'true';
  else delete node.dataset.mention;

  const meta = el('div', { className: 'meta' }, [el('span', { className: 'sender', text: row.sender })]);
  const mark = senderMark(row.senderType);
  if (mark)
    meta.append(el('span', { className: mark.className, text: mark.text, attrs: { title: mark.title } }));
  const time = el('time', { text: formatTime(row.createdAt, now), attrs: { datetime: row.createdAt } });
  time.title = new Date(row.createdAt).toLocaleString();
  meta.append(time);
  if (row.editedAt && !row.deleted) meta.append(editedMark(row.editedAt));
  if (mention) meta.append(el('span', { className: 'badge mention-mark', text: 'mentions you' }));
  if (notes[row.state]) meta.append(el('span', { className: 'note', text: notes[row.state] }));

  const body = el('div', { className: 'body' });
  if (row.replyTo && !row.deleted) body.append(replyQuote(row.replyTo, (id) => actions.jumpTo(id)));
  body.append(
    meta,
    row.deleted ? tombstone() : el('div', { className: 'text' }, markdownNodes(parseMarkdown(row.text))),
  );
  const messageId = row.messageId;
  if (!row.deleted && row.reactions && messageId) {
    const bar = reactionsBar(row.reactions, me, (emoji) => actions.react(messageId, emoji));
    if (bar) body.append(bar);
  }
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
  // Only a stored message can be answered, reacted to, edited or deleted; a tombstone cannot.
  const children: Node[] = [avatar(row.sender), body];
  if (messageId && row.state === 'sent' && !row.deleted)
    children.push(actionsBar(messageId, row.sender, mine && !bot, actions, moderator && !mine && !bot));
  node.replaceChildren(...children);
}

/** Redraws a row, giving the keyboard's focus back to the same control if it was inside (a reaction toggled). */
function refill(node: HTMLLIElement, fill: () => void): void {
  const active = document.activeElement;
  const focused = active && node.contains(active) ? (active.getAttribute('data-focus') ?? '') : null;
  fill();
  if (focused === null) return;
  const again = focused
    ? [...node.querySelectorAll<HTMLElement>('[data-focus]')].find((e) => e.dataset.focus === focused)
    : undefined;
  (again ?? node).focus();
}

/**
 * Keyed rendering of the message log: existing nodes are kept and only changed rows are rebuilt, so the
 * aria-live log announces new messages instead of the whole history on every update.
 */
class MessageList {
  private readonly nodes = new Map<string, { node: HTMLLIElement; signature: string }>();

  constructor(
    private readonly list: HTMLElement,
    private readonly actions: RowActions,
  ) {
    bindLongPress(list);
  }

  /** The row of a stored message, if it is drawn. */
  node(messageId: string): HTMLLIElement | undefined {
    for (const { node } of this.nodes.values()) if (node.dataset.messageId === messageId) return node;
    return undefined;
  }

  clear(): void {
    this.nodes.clear();
    this.list.replaceChildren();
  }

  render(rows: readonly MessageRow[], me: string | null, moderator = false): void {
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
        row.editedAt,
        row.deleted,
        row.reactions,
        row.replyTo,
        row.mentions,
        me,
        moderator,
      ]);
      let entry = this.nodes.get(row.key);
      if (!entry) {
        entry = { node: el('li'), signature: '' };
        this.nodes.set(row.key, entry);
      }
      if (entry.signature !== signature) {
        const node = entry.node;
        refill(node, () => fillRow(node, row, me, now, this.actions, moderator));
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
  /** The reader moderates the room: others' messages offer Delete and Moderate (issue 16). */
  moderator?: boolean;
}

export interface TimelineElements {
  scroller: HTMLElement;
  list: HTMLElement;
  empty: HTMLElement;
  loadOlder: HTMLButtonElement;
  /** A polite live region for what the log itself does not announce well: edits and deletions. */
  announcer: HTMLElement;
}

/** How long the original of a reply stays marked after a jump to it. */
const flashMs = 1600;

export class TimelineView {
  private readonly rows: MessageList;

  constructor(
    private readonly els: TimelineElements,
    actions: Omit<RowActions, 'jumpTo'>,
    /** The original of a reply is not drawn (older than what is loaded, or gone). */
    onMissing: (messageId: string) => void,
  ) {
    this.rows = new MessageList(els.list, {
      ...actions,
      jumpTo: (messageId) => {
        if (!this.jumpTo(messageId)) onMissing(messageId);
      },
    });
  }

  /** Scrolls the message into view, focuses it and marks it for a moment. False when it is not drawn. */
  jumpTo(messageId: string): boolean {
    const node = this.rows.node(messageId);
    if (!node) return false;
    node.scrollIntoView({ block: 'center' });
    node.focus({ preventScroll: true });
    node.classList.add('flash');
    setTimeout(() => node.classList.remove('flash'), flashMs);
    return true;
  }

  /** The id of the newest stored message at least partly in view: what the reader has seen. */
  lastVisibleMessageId(): string | undefined {
    const bottom = this.els.scroller.getBoundingClientRect().bottom;
    const rows = [...this.els.list.children] as HTMLElement[];
    for (let i = rows.length - 1; i >= 0; i--) {
      const row = rows[i];
      if (row?.dataset.messageId && row.getBoundingClientRect().top < bottom) return row.dataset.messageId;
    }
    return undefined;
  }

  /** Says `text` through the live region (set anew, so the same words twice are still read). */
  announce(text: string): void {
    const { announcer } = this.els;
    announcer.textContent = '';
    announcer.textContent = text;
  }

  show(snapshot: TimelineSnapshot, scroll: ScrollMode): void {
    const { scroller, empty, loadOlder } = this.els;
    const before = {
      scrollHeight: scroller.scrollHeight,
      scrollTop: scroller.scrollTop,
      clientHeight: scroller.clientHeight,
    };
    this.rows.render(messageRows(snapshot.messages, snapshot.pending), snapshot.me, snapshot.moderator);
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
