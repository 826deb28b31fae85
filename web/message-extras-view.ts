/**
 * The parts of a message row beyond its text: the quoted line of a reply, the "edited" marker, the tombstone of a
 * deleted message, its reactions, and its actions (reply, react, edit, delete). Each control is a labelled
 * button with a `data-focus` key, so a row redrawn under the keyboard's focus can give it back (timeline-view.ts).
 */
import { el } from './dom';
import { parseMarkdown, plainText } from './markdown';
import type { ReplyTo } from './types';

/** What the row's buttons do; each names the message by its id. */
export interface RowActions {
  retry(clientMessageId: string): void;
  discard(clientMessageId: string): void;
  reply(messageId: string): void;
  edit(messageId: string): void;
  remove(messageId: string): void;
  react(messageId: string, emoji: string): void;
  /** Scrolls to the original of a reply and focuses it. */
  jumpTo(messageId: string): void;
  /** A moderator's "Moderate": mute or remove the sender (issue 16). */
  moderate?(sender: string): void;
}

/** The reactions the picker offers, with the words a screen reader says for each. */
const reactionChoices: readonly (readonly [emoji: string, name: string])[] = [
  ['👍', 'thumbs up'],
  ['❤️', 'heart'],
  ['😂', 'laughing'],
  ['🎉', 'party'],
  ['😮', 'surprised'],
  ['😢', 'sad'],
  ['👀', 'eyes'],
  ['🙏', 'thank you'],
];

const reactionName = (emoji: string) => reactionChoices.find(([e]) => e === emoji)?.[1] ?? emoji;

function button(text: string, focusKey: string, onClick: () => void, attrs: Record<string, string> = {}) {
  const b = el('button', {
    text,
    attrs: { type: 'button', 'data-focus': focusKey, ...attrs },
  });
  b.addEventListener('click', onClick);
  return b;
}

/** The excerpt as it reads, on one line: the original's formatting without its markup (`**river**` reads river). */
function quoteText(excerpt: string): string {
  return plainText(parseMarkdown(excerpt)).replace(/\s+/g, ' ').trim() || '…';
}

/** "In reply to Ada: hi pyro", a button that goes to the original. */
export function replyQuote(replyTo: ReplyTo, jumpTo: (messageId: string) => void): HTMLElement {
  const quote = button('', 'quote', () => jumpTo(replyTo.messageId), {
    class: 'quote',
    'data-testid': 'reply-quote',
    'data-reply-to': replyTo.messageId,
  });
  quote.append(
    el('span', { className: 'visually-hidden', text: 'In reply to ' }),
    el('span', { className: 'quote-mark', text: '↩', attrs: { 'aria-hidden': 'true' } }),
    el('span', { className: 'quote-sender', text: replyTo.sender }),
    el('span', { className: 'quote-text', text: quoteText(replyTo.excerpt) }),
  );
  return quote;
}

export function editedMark(editedAt: string): HTMLElement {
  return el('span', {
    className: 'edited',
    text: '(edited)',
    attrs: { 'data-testid': 'edited', title: `Edited ${new Date(editedAt).toLocaleString()}` },
  });
}

export function tombstone(): HTMLElement {
  return el('p', {
    className: 'tombstone',
    text: 'This message was deleted.',
    attrs: { 'data-testid': 'tombstone' },
  });
}

/** Each emoji with its count; pressed when the reader reacted with it, and pressing it toggles theirs. */
export function reactionsBar(
  reactions: Readonly<Record<string, readonly string[]>>,
  me: string | null,
  toggle: (emoji: string) => void,
): HTMLElement | null {
  const entries = Object.entries(reactions).filter(([, names]) => names.length > 0);
  if (entries.length === 0) return null;
  const bar = el('div', { className: 'reactions', attrs: { role: 'group', 'aria-label': 'Reactions' } });
  for (const [emoji, names] of entries) {
    const mine = me !== null && names.includes(me);
    const who = names.join(', ');
    const b = button('', `reaction:${emoji}`, () => toggle(emoji), {
      class: 'reaction',
      'data-testid': 'reaction',
      'data-emoji': emoji,
      'aria-pressed': String(mine),
      'aria-label': `${reactionName(emoji)}, ${names.length}: ${who}`,
      title: who,
    });
    b.append(
      el('span', { className: 'emoji', text: emoji, attrs: { 'aria-hidden': 'true' } }),
      el('span', {
        className: 'reaction-count',
        text: String(names.length),
        attrs: { 'aria-hidden': 'true' },
      }),
    );
    bar.append(b);
  }
  return bar;
}

/**
 * Reply, React (opens the emoji picker), and for the reader's own messages Edit and Delete. Shown on hover, on
 * keyboard focus and after a long press (styles.css); always in the tab order and in the accessibility tree.
 */
export function actionsBar(
  messageId: string,
  sender: string,
  mine: boolean,
  actions: RowActions,
  /** The reader moderates the room: Delete on others' messages too, and Moderate (issue 16). */
  moderator = false,
): HTMLElement {
  const bar = el('div', {
    className: 'actions',
    attrs: { role: 'group', 'aria-label': `Actions for ${mine ? 'your' : `${sender}’s`} message` },
  });
  const pickerId = `react-${messageId}`;
  const picker = el('div', {
    className: 'picker',
    attrs: { id: pickerId, role: 'group', 'aria-label': 'Pick a reaction', 'data-testid': 'reaction-picker' },
  });
  picker.hidden = true;
  const react = button('React', 'react', () => setOpen(picker.hidden), {
    'aria-expanded': 'false',
    'aria-controls': pickerId,
    'data-testid': 'react-button',
  });
  const setOpen = (open: boolean) => {
    picker.hidden = !open;
    react.setAttribute('aria-expanded', String(open));
    if (open) picker.querySelector('button')?.focus();
  };
  for (const [emoji, name] of reactionChoices) {
    picker.append(
      button(
        emoji,
        `pick:${emoji}`,
        () => {
          setOpen(false);
          react.focus();
          actions.react(messageId, emoji);
        },
        { 'aria-label': name, 'data-emoji': emoji, class: 'pick' },
      ),
    );
  }
  picker.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    setOpen(false);
    react.focus();
  });
  bar.append(
    button('Reply', 'reply', () => actions.reply(messageId), { 'data-testid': 'reply-button' }),
    react,
  );
  if (mine) {
    bar.append(
      button('Edit', 'edit', () => actions.edit(messageId), { 'data-testid': 'edit-button' }),
      button('Delete', 'delete', () => actions.remove(messageId), { 'data-testid': 'delete-button' }),
    );
  } else if (moderator) {
    bar.append(
      button('Delete', 'delete', () => actions.remove(messageId), {
        'data-testid': 'delete-button',
        'aria-label': `Delete ${sender}’s message`,
      }),
    );
    const { moderate } = actions;
    if (moderate)
      bar.append(
        button('Moderate', 'moderate', () => moderate(sender), {
          'data-testid': 'moderate-button',
          'aria-label': `Mute or remove ${sender}`,
        }),
      );
  }
  bar.append(picker);
  return bar;
}

/** A touch held this long shows the row's actions (there is no hover on a touch screen). */
const longPressMs = 450;

/**
 * Long press on a touch screen: the pressed row shows its actions until another row is pressed. Delegated to the
 * list, so rows drawn later need nothing.
 */
export function bindLongPress(list: HTMLElement): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let start: { x: number; y: number } | null = null;
  const stop = () => {
    clearTimeout(timer);
    start = null;
  };
  list.addEventListener('pointerdown', (e) => {
    if (e.pointerType !== 'touch') return;
    const row = (e.target as Element | null)?.closest('li');
    if (!row) return;
    start = { x: e.clientX, y: e.clientY };
    timer = setTimeout(() => {
      for (const open of list.querySelectorAll('li.show-actions')) open.classList.remove('show-actions');
      row.classList.add('show-actions');
    }, longPressMs);
  });
  list.addEventListener('pointermove', (e) => {
    // A scroll, not a press.
    if (start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > 10) stop();
  });
  for (const type of ['pointerup', 'pointercancel'] as const) list.addEventListener(type, stop);
}
