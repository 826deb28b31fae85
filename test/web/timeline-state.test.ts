import { describe, expect, it } from 'vitest';
import { Timeline } from '../../web/timeline-state';
import type { ChatMessage } from '../../web/types';

const at = (s: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, s)).toISOString();
const msg = (messageId: string, s: number, sender = 'Bob', text = `text ${messageId}`): ChatMessage => ({
  messageId,
  roomId: 'lobby',
  sender,
  senderType: 'guest',
  text,
  createdAt: at(s),
});
const send = (t: Timeline, clientMessageId: string, text: string, s = 50) =>
  t.enqueue({ clientMessageId, roomId: 'lobby', sender: 'Ada', senderType: 'guest', text, createdAt: at(s) });

describe('Timeline', () => {
  it('merges history pages and live frames without gaps or duplicates', () => {
    const t = new Timeline();
    t.add('lobby', [msg('m1', 1), msg('m2', 2)], 'Ada');
    t.add('lobby', [msg('m4', 4)], 'Ada'); // live frame
    t.add('lobby', [msg('m2', 2), msg('m3', 3), msg('m4', 4)], 'Ada'); // catch-up overlaps
    expect(t.messages('lobby').map((m) => m.messageId)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(t.lastMessageId('lobby')).toBe('m4');
    expect(t.oldestMessageId('lobby')).toBe('m1');
  });

  it('keeps rooms apart', () => {
    const t = new Timeline();
    t.add('lobby', [msg('m1', 1)], 'Ada');
    expect(t.messages('random')).toEqual([]);
    expect(t.lastMessageId('random')).toBeUndefined();
  });

  it('shows a sent message as pending until the ack, then as sent with the stored id and its sender type', () => {
    const t = new Timeline();
    send(t, 'c1', 'hello');
    t.markSending('c1');
    expect(t.pendingIn('lobby')).toMatchObject([{ clientMessageId: 'c1', status: 'sending' }]);
    t.ack('c1', 'm9');
    expect(t.pendingIn('lobby')).toEqual([]);
    expect(t.messages('lobby')).toEqual([
      {
        messageId: 'm9',
        roomId: 'lobby',
        sender: 'Ada',
        senderType: 'guest',
        text: 'hello',
        createdAt: at(50),
        clientMessageId: 'c1',
      },
    ]);
  });

  it('replaces the provisional copy with the server frame that follows the ack', () => {
    const t = new Timeline();
    send(t, 'c1', 'hello');
    t.ack('c1', 'm9');
    t.add('lobby', [msg('m9', 49, 'Ada', 'hello')], 'Ada');
    expect(t.messages('lobby')).toEqual([{ ...msg('m9', 49, 'Ada', 'hello'), clientMessageId: 'c1' }]);
  });

  it('settles a pending message when its frame arrives before the ack, and ignores the late ack', () => {
    const t = new Timeline();
    send(t, 'c1', 'hello');
    t.markSending('c1');
    t.add('lobby', [msg('m9', 49, 'Ada', 'hello')], 'Ada');
    expect(t.pendingIn('lobby')).toEqual([]);
    t.ack('c1', 'm9');
    expect(t.messages('lobby')).toEqual([{ ...msg('m9', 49, 'Ada', 'hello'), clientMessageId: 'c1' }]);
  });

  it('does not mistake someone else’s identical text for our pending message', () => {
    const t = new Timeline();
    send(t, 'c1', 'hi');
    t.add('lobby', [msg('m1', 1, 'Bob', 'hi')], 'Ada');
    expect(t.pendingIn('lobby')).toHaveLength(1);
  });

  it('puts unacknowledged messages back in the queue when the socket drops', () => {
    const t = new Timeline();
    send(t, 'c1', 'one');
    send(t, 'c2', 'two');
    t.markSending('c1');
    t.markSending('c2');
    t.requeueSending();
    expect(t.queued().map((p) => p.clientMessageId)).toEqual(['c1', 'c2']);
  });

  it('does not send twice when the catch-up shows a message sent before the drop was stored', () => {
    const t = new Timeline();
    send(t, 'c1', 'made it');
    send(t, 'c2', 'lost');
    t.markSending('c1');
    t.markSending('c2');
    t.requeueSending();
    t.add('lobby', [msg('m5', 5, 'Ada', 'made it')], 'Ada');
    expect(t.queued().map((p) => p.clientMessageId)).toEqual(['c2']);
  });

  it('never settles a queued message that was not sent yet, even when the same name says the same words', () => {
    const t = new Timeline();
    send(t, 'c1', 'ok');
    // Another tab (or another guest) named Ada says "ok" while this page is offline.
    t.add('lobby', [msg('m6', 55, 'Ada', 'ok')], 'Ada');
    expect(t.queued().map((p) => p.clientMessageId)).toEqual(['c1']);
  });

  it('does not settle a sent message with a much older copy of the same words', () => {
    const t = new Timeline();
    send(t, 'c1', 'ok', 50);
    t.markSending('c1');
    t.requeueSending();
    const longBefore: ChatMessage = { ...msg('m0', 0, 'Ada', 'ok'), createdAt: '2024-05-01T09:00:00.000Z' };
    t.add('lobby', [longBefore], 'Ada');
    expect(t.queued().map((p) => p.clientMessageId)).toEqual(['c1']);
  });

  it('marks a refused message as failed with the reason, and can retry or discard it', () => {
    const t = new Timeline();
    send(t, 'c1', 'spam');
    t.markSending('c1');
    t.fail('c1', 'Slow down');
    expect(t.pendingIn('lobby')).toMatchObject([{ status: 'failed', error: 'Slow down' }]);
    expect(t.queued()).toEqual([]);
    t.requeue('c1');
    expect(t.queued()).toMatchObject([{ clientMessageId: 'c1', error: undefined }]);
    t.discard('c1');
    expect(t.pendingIn('lobby')).toEqual([]);
  });
});
