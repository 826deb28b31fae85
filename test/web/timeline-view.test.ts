import { describe, expect, it } from 'vitest';
import type { PendingMessage } from '../../web/timeline-state';
import { atBottom, messageRows, scrollTopAfter, senderMark } from '../../web/timeline-view';
import type { ChatMessage } from '../../web/types';

// A log 1000 px tall in a 300 px window.
const box = (scrollTop: number) => ({ scrollHeight: 1000, scrollTop, clientHeight: 300 });

describe('atBottom', () => {
  it('counts the last 48 px as the bottom', () => {
    expect(atBottom(box(700))).toBe(true);
    expect(atBottom(box(653))).toBe(true);
    expect(atBottom(box(652))).toBe(false);
    expect(atBottom(box(0))).toBe(false);
  });
});

describe('scrollTopAfter', () => {
  it('auto follows new messages only for a reader at the bottom', () => {
    expect(scrollTopAfter('auto', box(700), 1200)).toBe(1200);
    expect(scrollTopAfter('auto', box(100), 1200)).toBeNull();
  });

  it('bottom always goes to the newest message (the person’s own, another room)', () => {
    expect(scrollTopAfter('bottom', box(0), 1200)).toBe(1200);
  });

  it('keep holds the shown messages in place when older ones are added above', () => {
    // 400 px added above: the reader at 100 moves to 500 and sees the same lines.
    expect(scrollTopAfter('keep', box(100), 1400)).toBe(500);
    expect(scrollTopAfter('keep', box(700), 1400)).toBe(1100);
  });
});

describe('messageRows', () => {
  const stored = (messageId: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
    messageId,
    roomId: 'lobby',
    sender: 'Ada',
    senderType: 'guest',
    text: `text ${messageId}`,
    createdAt: '2024-05-01T10:00:00.000Z',
    ...extra,
  });
  const pending = (clientMessageId: string, extra: Partial<PendingMessage> = {}): PendingMessage => ({
    clientMessageId,
    roomId: 'lobby',
    sender: 'Ada',
    senderType: 'guest',
    text: 'on its way',
    createdAt: '2024-05-01T10:01:00.000Z',
    status: 'queued',
    ...extra,
  });

  it('lists stored messages then pending ones, keyed so a sent message keeps its row through the ack', () => {
    const rows = messageRows(
      [stored('m1'), stored('m2', { clientMessageId: 'c1' })],
      [pending('c2'), pending('c3', { status: 'failed', error: 'Slow down.' })],
    );
    expect(rows.map((r) => [r.key, r.state])).toEqual([
      ['m:m1', 'sent'],
      ['c:c1', 'sent'],
      ['c:c2', 'queued'],
      ['c:c3', 'failed'],
    ]);
    expect(rows[3]).toMatchObject({ error: 'Slow down.', clientMessageId: 'c3' });
    expect(rows[3]?.messageId).toBeUndefined();
    // The pending row of c1 and its stored copy share the key: the same DOM node shows both.
    expect(messageRows([], [pending('c1')])[0]?.key).toBe(rows[1]?.key);
  });
});

describe('who sent it', () => {
  const stored: ChatMessage = {
    messageId: 'm1',
    roomId: 'lobby',
    sender: 'Pyro',
    senderType: 'bot',
    text: 'hi',
    createdAt: '2024-05-01T10:00:00.000Z',
  };

  it('carries each row’s sender type, stored and pending alike', () => {
    const rows = messageRows(
      [stored, { ...stored, messageId: 'm2', sender: 'Ada', senderType: 'user' }],
      [
        {
          clientMessageId: 'c1',
          roomId: 'lobby',
          sender: 'Bob',
          senderType: 'guest',
          text: 'hi',
          createdAt: stored.createdAt,
          status: 'queued',
        },
      ],
    );
    expect(rows.map((r) => r.senderType)).toEqual(['bot', 'user', 'guest']);
  });

  it('marks the bot and guests in words, not only in colour, and leaves an account’s name alone', () => {
    expect(senderMark('bot')).toEqual({ className: 'badge', text: 'bot', title: 'Pyro, the bot' });
    expect(senderMark('guest')).toMatchObject({ className: 'badge guest', text: 'guest' });
    expect(senderMark('guest')?.title).toMatch(/guest/);
    expect(senderMark('user')).toBeNull();
  });
});

describe('what a row shows beyond the text', () => {
  it('carries edits, deletions, reactions, replies and mentions; a pending reply shows its quote at once', () => {
    const replyTo = { messageId: 'm0', sender: 'Bob', excerpt: 'hi' };
    const [stored, pending] = messageRows(
      [
        {
          messageId: 'm1',
          roomId: 'lobby',
          sender: 'Ada',
          senderType: 'guest',
          text: 'fixed',
          createdAt: '2024-05-01T10:00:00.000Z',
          editedAt: '2024-05-01T10:01:00.000Z',
          reactions: { '👍': ['Bob'] },
          replyTo,
          mentions: ['Bob'],
        },
      ],
      [
        {
          clientMessageId: 'c1',
          roomId: 'lobby',
          sender: 'Ada',
          senderType: 'guest',
          text: 'me too',
          createdAt: '2024-05-01T10:02:00.000Z',
          status: 'sending',
          replyTo,
        },
      ],
    );
    expect(stored).toMatchObject({
      editedAt: '2024-05-01T10:01:00.000Z',
      reactions: { '👍': ['Bob'] },
      replyTo,
      mentions: ['Bob'],
    });
    expect(pending).toMatchObject({ replyTo, state: 'sending' });
  });
});
