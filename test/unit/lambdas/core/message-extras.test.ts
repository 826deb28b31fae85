import { describe, expect, it } from 'vitest';
import { limits } from '../../../../lambdas/contract/limits';
import { excerptOf, messageExtras } from '../../../../lambdas/core/message-extras';
import { postMessage } from '../../../../lambdas/core/messages';
import { fakeWorld } from './fakes';
import { MemoryMessageRecords } from './message-record-fakes';

const ID = '1714565000000-aaaaaaaaaa';

function world() {
  const w = fakeWorld();
  const records = new MemoryMessageRecords(w.log);
  records.add({
    messageId: ID,
    roomId: 'general',
    sender: 'Grace',
    senderType: 'guest',
    text: 'shall we\n  meet at noon?',
    createdAt: '2024-05-01T11:00:00.000Z',
  });
  w.connections.add('c-linus', 'general', 'Linus');
  return { ...w, records, messageTtlSeconds: 3600 };
}

describe('a new message’s extras', () => {
  it('a plain message reads nothing more than before', async () => {
    const w = world();
    const result = await postMessage(w, {
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hi all',
    });
    expect(result.message).not.toHaveProperty('replyTo');
    expect(result.message).not.toHaveProperty('mentions');
    expect(w.log.filter((l) => l.startsWith('records.'))).toEqual([]);
  });

  it('a reply quotes the message it answers (sender, excerpt on one line), read once', async () => {
    const w = world();
    const result = await postMessage(w, {
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: 'yes',
      replyTo: ID,
    });
    expect(result.message.replyTo).toEqual({
      messageId: ID,
      sender: 'Grace',
      excerpt: 'shall we meet at noon?',
    });
    expect(w.log.filter((l) => l.startsWith('records.'))).toEqual([`records.getEntry ${ID}`]);
  });

  it('refuses a reply to an unknown message, or one of another room, with message_not_found, storing nothing', async () => {
    const w = world();
    w.rooms.rooms.set('other', {
      roomId: 'other',
      name: 'Other',
      createdAt: '2024-01-01T00:00:00.000Z',
      createdBy: 'Ada',
    });
    for (const [roomId, replyTo] of [
      ['general', '1714565000000-bbbbbbbbbb'],
      ['other', ID],
    ]) {
      await expect(
        postMessage(w, { roomId, sender: 'Ada', senderType: 'guest', text: 'yes', replyTo }),
      ).rejects.toMatchObject({ code: 'message_not_found' });
    }
    await expect(
      postMessage(w, { roomId: 'general', sender: 'Ada', senderType: 'guest', text: 'yes', replyTo: 'nope' }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(w.messages.stored).toEqual([]);
  });

  it('mentions recent senders first, and people connected to the room only when a name is still unmatched', async () => {
    const w = world();
    const grace = await messageExtras(w, 'general', '@Grace hi', undefined, 0);
    expect(grace).toEqual({ mentions: ['Grace'] });
    expect(w.log.filter((l) => l.startsWith('connections.'))).toEqual([]);
    const linus = await messageExtras(w, 'general', '@Grace @linus hi', undefined, 0);
    expect(linus).toEqual({ mentions: ['Grace', 'Linus'] });
    expect(w.log.filter((l) => l.startsWith('connections.'))).toHaveLength(1);
    expect(await messageExtras(w, 'general', 'mail me at ada@example.com', undefined, 0)).toEqual({});
  });

  it('cuts a long excerpt with an ellipsis, never between the halves of an emoji', () => {
    const long = 'a'.repeat(limits.replyExcerpt.maxLength + 10);
    expect(excerptOf(long)).toHaveLength(limits.replyExcerpt.maxLength);
    expect(excerptOf(long).endsWith('…')).toBe(true);
    const emoji = `${'a'.repeat(limits.replyExcerpt.maxLength - 2)}😀😀`;
    expect(excerptOf(emoji)).toBe(`${'a'.repeat(limits.replyExcerpt.maxLength - 2)}…`);
  });
});
