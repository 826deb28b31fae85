import { describe, expect, it } from 'vitest';
import { compareMessages, mergeMessages, toChatMessage } from '../../web/message-order';
import type { ChatMessage } from '../../web/types';

const msg = (messageId: string, createdAt: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  messageId,
  roomId: 'lobby',
  sender: 'Ada',
  senderType: 'guest',
  text: `text ${messageId}`,
  createdAt,
  ...extra,
});

describe('compareMessages', () => {
  it('orders by time even when the timestamps are written with different precision', () => {
    const a = msg('b', '2024-05-01T10:00:00Z');
    const b = msg('a', '2024-05-01T10:00:00.500Z');
    expect(compareMessages(a, b)).toBeLessThan(0);
  });

  it('breaks ties on messageId so the order is total', () => {
    const a = msg('m1', '2024-05-01T10:00:00.000Z');
    const b = msg('m2', '2024-05-01T10:00:00.000Z');
    expect(compareMessages(a, b)).toBeLessThan(0);
    expect(compareMessages(b, a)).toBeGreaterThan(0);
    expect(compareMessages(a, a)).toBe(0);
  });
});

describe('mergeMessages', () => {
  it('keeps one copy per messageId and sorts oldest first', () => {
    const existing = [msg('m2', '2024-05-01T10:00:02Z'), msg('m3', '2024-05-01T10:00:03Z')];
    const incoming = [msg('m1', '2024-05-01T10:00:01Z'), msg('m3', '2024-05-01T10:00:03Z')];
    expect(mergeMessages(existing, incoming).map((m) => m.messageId)).toEqual(['m1', 'm2', 'm3']);
  });

  it('lets the incoming copy replace the existing one but keeps the local clientMessageId', () => {
    const provisional = msg('m1', '2024-05-01T10:00:05Z', { clientMessageId: 'c1' });
    const server = msg('m1', '2024-05-01T10:00:04Z', { text: 'as stored' });
    const [merged] = mergeMessages([provisional], [server]);
    expect(merged).toEqual({ ...server, clientMessageId: 'c1' });
  });

  it('does not modify the lists it is given', () => {
    const existing = [msg('m2', '2024-05-01T10:00:02Z')];
    mergeMessages(existing, [msg('m1', '2024-05-01T10:00:01Z')]);
    expect(existing.map((m) => m.messageId)).toEqual(['m2']);
  });
});

describe('toChatMessage', () => {
  it('accepts a message of the contract and rejects anything missing a field', () => {
    const m = msg('m1', '2024-05-01T10:00:00Z');
    expect(toChatMessage(m)).toEqual(m);
    expect(toChatMessage({ messageId: 'm1', roomId: 'lobby', sender: 'Ada', text: 'hi' })).toBeNull();
    for (const senderType of ['user', 'guest', 'bot']) {
      expect(
        toChatMessage(msg('m1', '2024-05-01T10:00:00Z', { senderType } as Partial<ChatMessage>)),
      ).not.toBeNull();
    }
    // The server always says who sent it (history derives it for messages stored before it did).
    const { senderType: _dropped, ...untyped } = msg('m1', '2024-05-01T10:00:00Z');
    expect(toChatMessage(untyped)).toBeNull();
    expect(toChatMessage({ ...untyped, senderType: 'admin' })).toBeNull();
    expect(toChatMessage(null)).toBeNull();
    expect(toChatMessage('m1')).toBeNull();
  });

  it('keeps a tombstone from history as a deleted message without text', () => {
    const { text: _gone, ...rest } = msg('m1', '2024-05-01T10:00:00Z');
    expect(toChatMessage({ ...rest, deleted: true })).toEqual({ ...rest, text: '', deleted: true });
    expect(toChatMessage({ ...rest, deleted: true, text: 'leaked?' })).toEqual({
      ...rest,
      text: '',
      deleted: true,
    });
  });
});

describe('mergeMessages with edits and deletions', () => {
  const m1 = msg('m1', '2024-05-01T10:00:00Z');
  const edited = (text: string, editedAt: string): ChatMessage => ({ ...m1, text, editedAt });

  it('takes a later edit, and keeps the held edit over an older copy (a history page read before it)', () => {
    expect(mergeMessages([m1], [edited('v2', '2024-05-01T10:01:00Z')])[0]?.text).toBe('v2');
    expect(mergeMessages([edited('v2', '2024-05-01T10:01:00Z')], [m1])[0]?.text).toBe('v2');
    expect(
      mergeMessages([edited('v3', '2024-05-01T10:02:00Z')], [edited('v2', '2024-05-01T10:01:00Z')])[0]?.text,
    ).toBe('v3');
  });

  it('never brings a deleted message back from an older copy', () => {
    const gone: ChatMessage = { ...m1, text: '', deleted: true };
    expect(mergeMessages([gone], [m1])).toEqual([gone]);
    expect(mergeMessages([m1], [gone])).toEqual([gone]);
  });
});
