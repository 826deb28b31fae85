import { describe, expect, it } from 'vitest';
import { Composer, type ComposerFrame } from '../../web/composer';
import { type ActionFrame, type ComposeMode, excerpt, MessageActions } from '../../web/message-actions';
import { Timeline } from '../../web/timeline-state';
import type { ChatMessage } from '../../web/types';
import { FakeClock } from './fakes';

const msg = (messageId: string, s: number, sender: string, text = `text ${messageId}`): ChatMessage => ({
  messageId,
  roomId: 'lobby',
  sender,
  senderType: 'guest',
  text,
  createdAt: new Date(Date.UTC(2024, 4, 1, 10, 0, s)).toISOString(),
});

/** Ada's page in the lobby: Bob said m1, Ada m2 and m3; the composer sends through the same socket. */
function setup(opts: { connected?: boolean; confirm?: boolean } = {}) {
  const timeline = new Timeline();
  timeline.add(
    'lobby',
    [msg('m1', 1, 'Bob', 'hello   there\nall'), msg('m2', 2, 'Ada'), msg('m3', 3, 'Ada')],
    'Ada',
  );
  const sent: (ActionFrame | ComposerFrame)[] = [];
  const state = { connected: opts.connected ?? true, room: 'lobby' };
  const box = { text: '', focused: 0 };
  const modes: ComposeMode['kind'][] = [];
  const errors: string[] = [];
  const send = (frame: ActionFrame | ComposerFrame) => {
    if (!state.connected) return false;
    sent.push(frame);
    return true;
  };
  const actions = new MessageActions({
    timeline,
    room: () => state.room,
    me: () => 'Ada',
    send,
    view: {
      showMode: (mode) => void modes.push(mode.kind),
      setText: (text) => {
        box.text = text;
      },
      focusComposer: () => {
        box.focused++;
      },
    },
    confirmDelete: () => opts.confirm ?? true,
    showError: (message) => void errors.push(message),
  });
  let ids = 0;
  const composer = new Composer({
    view: {
      text: () => box.text,
      clear: () => {
        box.text = '';
      },
      showCheck: () => {},
    },
    timeline,
    send,
    room: () => state.room,
    me: () => 'Ada',
    senderType: () => 'guest',
    now: new FakeClock(Date.parse('2024-05-01T10:01:00Z')).now,
    newClientMessageId: () => `c${++ids}`,
    onChange: () => {},
    mode: actions,
  });
  return { timeline, actions, composer, sent, state, box, modes, errors };
}

describe('replying', () => {
  it('quotes the message and sends the next one as its reply, then goes back to new messages', () => {
    const { actions, composer, sent, box, modes, timeline } = setup();
    actions.reply('m1');
    expect(actions.mode).toEqual({
      kind: 'reply',
      roomId: 'lobby',
      replyTo: { messageId: 'm1', sender: 'Bob', excerpt: 'hello there all' },
    });
    expect(box.focused).toBe(1);
    box.text = 'hi Bob';
    composer.submit();
    expect(sent).toEqual([
      { action: 'sendMessage', roomId: 'lobby', text: 'hi Bob', clientMessageId: 'c1', replyTo: 'm1' },
    ]);
    // Shown quoted at once, before the server's copy.
    expect(timeline.pendingIn('lobby')[0]?.replyTo).toMatchObject({ messageId: 'm1', sender: 'Bob' });
    expect(actions.mode.kind).toBe('new');
    expect(modes).toEqual(['reply', 'new']);
    box.text = 'and another';
    composer.submit();
    expect(sent.at(-1)).not.toHaveProperty('replyTo');
  });

  it('a reply begun in one room is not sent from another', () => {
    const { actions, composer, sent, box, state } = setup();
    actions.reply('m1');
    state.room = 'books';
    box.text = 'elsewhere';
    composer.submit();
    expect(sent.at(-1)).not.toHaveProperty('replyTo');
  });

  it('excerpt collapses white space and cuts long text with an ellipsis', () => {
    expect(excerpt('  a \n b  ')).toBe('a b');
    expect(excerpt('abcdefghij', 5)).toBe('abcd…');
    expect(excerpt('x'.repeat(200))).toHaveLength(120);
  });
});

describe('editing', () => {
  it('puts the message in the box and sends editMessage with the new text, not a new message', () => {
    const { actions, composer, sent, box, modes } = setup();
    expect(actions.edit('m2')).toBe(true);
    expect(box.text).toBe('text m2');
    box.text = 'text m2, fixed';
    composer.submit();
    expect(sent).toEqual([
      { action: 'editMessage', roomId: 'lobby', messageId: 'm2', text: 'text m2, fixed' },
    ]);
    expect(box.text).toBe('');
    expect(modes).toEqual(['edit', 'new']);
  });

  it('only the reader’s own, live messages', () => {
    const { actions, timeline } = setup();
    expect(actions.edit('m1')).toBe(false);
    timeline.remove('lobby', 'm2');
    expect(actions.edit('m2')).toBe(false);
    expect(actions.edit('nope')).toBe(false);
    expect(actions.mode.kind).toBe('new');
  });

  it('Up edits the newest own message; unchanged text sends nothing', () => {
    const { actions, composer, sent, box } = setup();
    expect(actions.editLast()).toBe(true);
    expect(actions.mode).toMatchObject({ kind: 'edit', messageId: 'm3' });
    composer.submit();
    expect(sent).toEqual([]);
    expect(actions.mode.kind).toBe('new');
    expect(box.text).toBe('');
  });

  it('Escape (cancel) leaves the edit and empties the box', () => {
    const { actions, box, sent } = setup();
    actions.edit('m3');
    actions.cancel();
    expect(actions.mode.kind).toBe('new');
    expect(box.text).toBe('');
    expect(sent).toEqual([]);
  });

  it('offline, the edit is not queued: the text stays in the box and the person is told', () => {
    const { actions, composer, box, errors, timeline } = setup({ connected: false });
    actions.edit('m3');
    box.text = 'changed';
    composer.submit();
    expect(box.text).toBe('changed');
    expect(actions.mode.kind).toBe('edit');
    expect(errors).toHaveLength(1);
    expect(timeline.pendingIn('lobby')).toEqual([]);
  });

  it('a deletion of the message being edited or answered ends the edit or the reply', () => {
    const { actions } = setup();
    actions.edit('m3');
    actions.deleted('lobby', 'm2');
    expect(actions.mode.kind).toBe('edit');
    actions.deleted('lobby', 'm3');
    expect(actions.mode.kind).toBe('new');
    actions.reply('m1');
    actions.deleted('lobby', 'm1');
    expect(actions.mode.kind).toBe('new');
  });
});

describe('reacting and deleting', () => {
  it('react sends the toggle for any message', () => {
    const { actions, sent } = setup();
    actions.react('m1', '👍');
    expect(sent).toEqual([{ action: 'react', roomId: 'lobby', messageId: 'm1', emoji: '👍' }]);
  });

  it('delete asks first, then sends deleteMessage for the reader’s own message only', () => {
    const { actions, sent } = setup();
    actions.remove('m1');
    actions.remove('m2');
    expect(sent).toEqual([{ action: 'deleteMessage', roomId: 'lobby', messageId: 'm2' }]);
  });

  it('nothing is deleted when the person does not confirm', () => {
    const { actions, sent } = setup({ confirm: false });
    actions.remove('m2');
    expect(sent).toEqual([]);
  });

  it('offline, says so instead of failing silently', () => {
    const { actions, errors } = setup({ connected: false });
    actions.react('m1', '👍');
    actions.remove('m2');
    expect(errors).toHaveLength(2);
  });
});
