import { describe, expect, it } from 'vitest';
import { Composer, type ComposerFrame, isSendKey, newClientMessageId } from '../../web/composer';
import { Timeline } from '../../web/timeline-state';
import type { TextCheck } from '../../web/validate';
import { FakeClock } from './fakes';

function setup(opts: { me?: string | null; connected?: boolean } = {}) {
  const clock = new FakeClock(Date.parse('2024-05-01T10:00:00Z'));
  const timeline = new Timeline();
  const sent: ComposerFrame[] = [];
  const socket = { connected: opts.connected ?? true, refuseAfter: Number.POSITIVE_INFINITY };
  const box = { text: '', checks: [] as TextCheck[] };
  const changes: string[] = [];
  let ids = 0;
  const composer = new Composer({
    view: {
      text: () => box.text,
      clear: () => {
        box.text = '';
      },
      showCheck: (check) => void box.checks.push(check),
    },
    timeline,
    send: (frame) => {
      if (!socket.connected || sent.length >= socket.refuseAfter) return false;
      sent.push(frame);
      return true;
    },
    room: () => 'lobby',
    me: () => (opts.me === undefined ? 'Ada' : opts.me),
    senderType: () => 'guest',
    now: clock.now,
    newClientMessageId: () => `c${++ids}`,
    onChange: (scroll) => void changes.push(scroll),
  });
  const type = (text: string) => {
    box.text = text;
    composer.edited();
  };
  return { composer, timeline, sent, socket, box, changes, clock, type };
}

describe('Composer.edited', () => {
  it('updates the counter and sends one typing notice per 3 seconds of typing', () => {
    const { sent, box, clock, type } = setup();
    type('h');
    type('he');
    clock.advance(3_000);
    type('hey');
    expect(sent).toEqual([
      { action: 'typing', roomId: 'lobby' },
      { action: 'typing', roomId: 'lobby' },
    ]);
    expect(box.checks.map((c) => c.length)).toEqual([1, 2, 3]);
  });

  it('sends no typing notice for blank text and shows the box as not sendable', () => {
    const { sent, box, type } = setup();
    type('   ');
    expect(sent).toEqual([]);
    expect(box.checks).toEqual([{ text: '', length: 0, ok: false, tooLong: false }]);
  });

  it('flags text over the limit', () => {
    const { box, type } = setup();
    type('x'.repeat(2001));
    expect(box.checks.at(-1)).toMatchObject({ length: 2001, ok: false, tooLong: true });
  });
});

describe('Composer.submit', () => {
  it('sends the trimmed text with a fresh clientMessageId, clears the box and scrolls to it', () => {
    const { composer, timeline, sent, box, changes, type } = setup();
    type('  hello  ');
    composer.submit();
    expect(sent.at(-1)).toEqual({
      action: 'sendMessage',
      roomId: 'lobby',
      text: 'hello',
      clientMessageId: 'c1',
    });
    expect(timeline.pendingIn('lobby')).toMatchObject([
      {
        clientMessageId: 'c1',
        sender: 'Ada',
        senderType: 'guest',
        text: 'hello',
        status: 'sending',
        createdAt: '2024-05-01T10:00:00.000Z',
      },
    ]);
    expect(box.text).toBe('');
    expect(box.checks.at(-1)).toMatchObject({ length: 0, ok: false });
    expect(changes.at(-1)).toBe('bottom');
  });

  it('keeps a message typed while offline in the queue, and sends it on flush once connected', () => {
    const { composer, timeline, sent, socket, type } = setup({ connected: false });
    type('are you there?');
    composer.submit();
    expect(sent).toEqual([]);
    expect(timeline.queued()).toHaveLength(1);
    socket.connected = true;
    composer.flush();
    expect(sent).toEqual([
      { action: 'sendMessage', roomId: 'lobby', text: 'are you there?', clientMessageId: 'c1' },
    ]);
    expect(timeline.queued()).toEqual([]);
  });

  it('flush stops at the first refusal and keeps the rest in order', () => {
    const { composer, timeline, sent, socket, type } = setup({ connected: false });
    for (const text of ['one', 'two', 'three']) {
      type(text);
      composer.submit();
    }
    socket.connected = true;
    socket.refuseAfter = 1;
    composer.flush();
    expect(sent.map((f) => f.action === 'sendMessage' && f.text)).toEqual(['one']);
    expect(timeline.queued().map((p) => p.text)).toEqual(['two', 'three']);
  });

  it('sends nothing for blank or too long text, or while signed out', () => {
    for (const [text, me] of [
      ['   ', 'Ada'],
      ['x'.repeat(2001), 'Ada'],
      ['hello', null],
    ] as const) {
      const { composer, timeline, sent, box } = setup({ me });
      box.text = text;
      composer.submit();
      expect(sent).toEqual([]);
      expect(timeline.pendingIn('lobby')).toEqual([]);
      expect(box.text).toBe(text);
    }
  });

  it('the next keystroke after a send tells the room again at once', () => {
    const { composer, sent, type } = setup();
    type('a');
    composer.submit();
    type('b');
    expect(sent.map((f) => f.action)).toEqual(['typing', 'sendMessage', 'typing']);
  });
});

describe('Composer.retry and discard', () => {
  it('retry sends a refused message again under the same clientMessageId; discard drops it', () => {
    const { composer, timeline, sent, changes, type } = setup();
    type('first');
    composer.submit();
    type('second');
    composer.submit();
    timeline.fail('c1', 'Slow down.');
    timeline.fail('c2', 'Slow down.');
    composer.retry('c1');
    expect(sent.filter((f) => f.action === 'sendMessage').map((f) => f.clientMessageId)).toEqual([
      'c1',
      'c2',
      'c1',
    ]);
    expect(timeline.find('c1')?.status).toBe('sending');
    composer.discard('c2');
    expect(timeline.find('c2')).toBeUndefined();
    expect(changes.at(-1)).toBe('auto');
  });

  it('roomChanged lets the first keystroke in the new room through', () => {
    const { composer, sent, type } = setup();
    type('a');
    composer.roomChanged();
    type('ab');
    expect(sent).toHaveLength(2);
  });
});

describe('newClientMessageId', () => {
  it('is 32 hex digits from 16 random bytes', () => {
    expect(newClientMessageId((bytes) => bytes.fill(0xab))).toBe('ab'.repeat(16));
    expect(newClientMessageId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newClientMessageId()).not.toBe(newClientMessageId());
  });
});

describe('isSendKey', () => {
  it('is Enter alone, not Shift+Enter nor the Enter that confirms an IME composition', () => {
    expect(isSendKey({ key: 'Enter', shiftKey: false, isComposing: false })).toBe(true);
    expect(isSendKey({ key: 'Enter', shiftKey: true, isComposing: false })).toBe(false);
    expect(isSendKey({ key: 'Enter', shiftKey: false, isComposing: true })).toBe(false);
    expect(isSendKey({ key: 'a', shiftKey: false, isComposing: false })).toBe(false);
  });
});
