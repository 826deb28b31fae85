import { BOT_NAME } from '../lambdas/core/types';
import { el } from './dom';
import { codeSpans, formatTime } from './format';
import type { ConnectionState } from './socket';
import type { PendingMessage } from './state';
import type { ChatMessage, Room } from './types';

/** The bot's messages are set apart; its name is the one the server reserves. */
export const botName = BOT_NAME;

export interface MessageActions {
  retry(clientMessageId: string): void;
  discard(clientMessageId: string): void;
}

interface Row {
  key: string;
  messageId?: string;
  sender: string;
  text: string;
  createdAt: string;
  state: 'sent' | PendingMessage['status'];
  error?: string;
  clientMessageId?: string;
}

/** A stable hue per name, so people are easy to tell apart at a glance. */
function hue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

function avatar(name: string): HTMLElement {
  const node = el('span', { className: 'avatar', text: [...name.trim()][0]?.toUpperCase() ?? '?' });
  node.setAttribute('aria-hidden', 'true');
  node.style.setProperty('--hue', String(hue(name)));
  return node;
}

const notes: Record<Row['state'], string> = {
  sent: '',
  queued: 'waiting for connection…',
  sending: 'sending…',
  failed: 'not sent',
};

function rowNode(node: HTMLLIElement, row: Row, me: string | null, now: Date, actions: MessageActions): void {
  const bot = row.sender === botName;
  const mine = row.sender === me;
  node.className = `msg${bot ? ' bot' : ''}${mine ? ' mine' : ''}${row.state === 'sent' ? '' : ` ${row.state}`}`;
  node.dataset.testid = 'message';
  node.dataset.sender = row.sender;
  node.dataset.state = row.state;
  if (row.messageId) node.dataset.messageId = row.messageId;
  else delete node.dataset.messageId;
  if (row.clientMessageId) node.dataset.clientMessageId = row.clientMessageId;

  const meta = el('div', { className: 'meta' }, [el('span', { className: 'sender', text: row.sender })]);
  if (bot) meta.append(el('span', { className: 'badge', text: 'bot' }));
  const time = el('time', { text: formatTime(row.createdAt, now), attrs: { datetime: row.createdAt } });
  time.title = new Date(row.createdAt).toLocaleString();
  meta.append(time);
  if (notes[row.state]) meta.append(el('span', { className: 'note', text: notes[row.state] }));

  const body = el('div', { className: 'body' }, [meta, el('p', { className: 'text' }, textNodes(row.text))]);
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
export class MessageListView {
  private readonly nodes = new Map<string, { node: HTMLLIElement; signature: string }>();

  constructor(
    private readonly list: HTMLElement,
    private readonly actions: MessageActions,
  ) {}

  clear(): void {
    this.nodes.clear();
    this.list.replaceChildren();
  }

  render(messages: readonly ChatMessage[], pending: readonly PendingMessage[], me: string | null): void {
    const rows: Row[] = [
      ...messages.map(
        (m): Row => ({
          key: m.clientMessageId ? `c:${m.clientMessageId}` : `m:${m.messageId}`,
          messageId: m.messageId,
          sender: m.sender,
          text: m.text,
          createdAt: m.createdAt,
          state: 'sent',
          clientMessageId: m.clientMessageId,
        }),
      ),
      ...pending.map(
        (p): Row => ({
          key: `c:${p.clientMessageId}`,
          sender: p.sender,
          text: p.text,
          createdAt: p.createdAt,
          state: p.status,
          error: p.error,
          clientMessageId: p.clientMessageId,
        }),
      ),
    ];
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
        rowNode(entry.node, row, me, now, this.actions);
        entry.signature = signature;
      }
      if (entry.node === cursor) cursor = cursor.nextSibling;
      else this.list.insertBefore(entry.node, cursor);
    }
  }
}

export function renderRooms(
  list: HTMLElement,
  rooms: readonly Room[],
  current: string,
  select: (roomId: string) => void,
): void {
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.roomId;
  const items = rooms.map((room) => {
    const button = el('button', {
      className: 'room-button',
      text: `# ${room.name}`,
      attrs: { type: 'button', 'data-testid': 'room', 'data-room-id': room.roomId },
    });
    if (room.roomId === current) button.setAttribute('aria-current', 'page');
    button.addEventListener('click', () => select(room.roomId));
    return el('li', {}, [button]);
  });
  list.replaceChildren(...items);
  if (focused) list.querySelector<HTMLElement>(`[data-room-id="${CSS.escape(focused)}"]`)?.focus();
}

export function renderMembers(
  list: HTMLElement,
  count: HTMLElement,
  members: readonly string[],
  me: string | null,
) {
  list.replaceChildren(
    ...members.map((name) => {
      const item = el('li', { className: 'member', attrs: { 'data-testid': 'member', 'data-name': name } }, [
        avatar(name),
        el('span', { className: 'name', text: name }),
      ]);
      if (name === botName) item.append(el('span', { className: 'badge', text: 'bot' }));
      if (name === me) item.append(el('span', { className: 'you', text: '(you)' }));
      return item;
    }),
  );
  count.textContent = members.length > 0 ? `(${members.length})` : '';
}

const statusText: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline',
};

export function renderStatus(
  node: HTMLElement,
  text: HTMLElement,
  state: ConnectionState,
  retryInMs?: number,
) {
  node.dataset.state = state;
  text.textContent =
    state === 'offline' && retryInMs !== undefined
      ? `Offline · retrying in ${Math.max(1, Math.round(retryInMs / 1000))} s`
      : statusText[state];
}

/** Message text as nodes: plain text, with `code spans` in <code> (all through textContent). */
function textNodes(text: string): Node[] {
  return codeSpans(text).map((span) =>
    span.code ? el('code', { text: span.text }) : document.createTextNode(span.text),
  );
}
