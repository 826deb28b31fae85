import { describe, expect, it } from 'vitest';
import type { FanOutPage, PageDispatcher } from '../../../../lambdas/core/fan-out-pages';
import { deleteMessage, editMessage, react } from '../../../../lambdas/core/message-actions';
import type { ChatMessage } from '../../../../lambdas/core/types';
import { fakeWorld, T0 } from './fakes';
import { MemoryMessageRecords } from './message-record-fakes';

const ID = '1714565000000-aaaaaaaaaa';

function world() {
  const w = fakeWorld();
  const records = new MemoryMessageRecords(w.log);
  const original: ChatMessage = {
    messageId: ID,
    roomId: 'general',
    sender: 'Ada',
    senderType: 'guest',
    text: 'helo',
    createdAt: '2024-05-01T11:00:00.000Z',
  };
  records.add(original, undefined, 'session-ada');
  w.connections.add('c-ada', 'general', 'Ada');
  w.connections.add('c-grace', 'general', 'Grace');
  w.connections.add('c-other', 'elsewhere', 'Linus');
  return { ...w, records };
}

const ada = { name: 'Ada', senderType: 'guest' as const, sessionId: 'session-ada' };
const grace = { name: 'Grace', senderType: 'guest' as const };

describe('editMessage', () => {
  it('lets the author replace the text: editedAt set, the room told by messageUpdated, MessageEdited on the bus', async () => {
    const w = world();
    const result = await editMessage(w, { roomId: 'general', messageId: ID, author: ada, text: ' hello ' });
    expect(result.message).toMatchObject({ text: 'hello', editedAt: new Date(T0).toISOString() });
    expect(w.sockets.recipients()).toEqual(['c-ada', 'c-grace']);
    expect(w.sockets.framesTo('c-grace')).toEqual([{ type: 'messageUpdated', message: result.message }]);
    expect(w.bus.events).toEqual([{ detailType: 'MessageEdited', detail: result.message }]);
    expect(w.rateLimiter.calls.map((c) => c.key)).toEqual(['act#guest#Ada']);
  });

  it('works out the mentions of the new text from the room’s senders and sockets', async () => {
    const w = world();
    const result = await editMessage(w, { roomId: 'general', messageId: ID, author: ada, text: 'hi @grace' });
    expect(result.message.mentions).toEqual(['Grace']);
  });

  it('refuses anyone else with 403 forbidden, and tells nobody', async () => {
    const w = world();
    await expect(
      editMessage(w, { roomId: 'general', messageId: ID, author: grace, text: 'mine now' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      editMessage(w, {
        roomId: 'general',
        messageId: ID,
        author: { name: 'Ada', senderType: 'user' },
        text: 'x',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(w.sockets.posts).toEqual([]);
    expect(w.bus.events).toEqual([]);
  });

  it('refuses a guest of the same name from another session (403): the name passed on, the messages did not', async () => {
    const w = world();
    const nextAda = { ...ada, sessionId: 'session-next-ada' };
    await expect(
      editMessage(w, { roomId: 'general', messageId: ID, author: nextAda, text: 'mine now' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      deleteMessage(w, { roomId: 'general', messageId: ID, author: nextAda }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const { sessionId: _, ...noSession } = ada;
    await expect(
      editMessage(w, { roomId: 'general', messageId: ID, author: noSession, text: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(w.records.entry('general', ID)).toMatchObject({ text: 'helo' });
    expect(w.sockets.posts).toEqual([]);
  });

  it('answers 404 message_not_found for an unknown, expired or deleted message', async () => {
    const w = world();
    const unknown = { roomId: 'general', messageId: '1714565000000-bbbbbbbbbb', author: ada, text: 'x' };
    await expect(editMessage(w, unknown)).rejects.toMatchObject({ code: 'message_not_found' });
    w.records.add(
      { ...(w.records.entry('general', ID) as ChatMessage), messageId: '1714565000000-cccccccccc' },
      1,
    );
    await expect(editMessage(w, { ...unknown, messageId: '1714565000000-cccccccccc' })).rejects.toMatchObject(
      { code: 'message_not_found' },
    );
    await deleteMessage(w, { roomId: 'general', messageId: ID, author: ada });
    await expect(editMessage(w, { ...unknown, messageId: ID })).rejects.toMatchObject({
      code: 'message_not_found',
    });
  });

  it('checks the input first: a bad room id, messageId or text reads nothing', async () => {
    const w = world();
    await expect(
      editMessage(w, { roomId: 'No!', messageId: ID, author: ada, text: 'x' }),
    ).rejects.toMatchObject({
      code: 'invalid_room',
    });
    await expect(
      editMessage(w, { roomId: 'general', messageId: 'x', author: ada, text: 'x' }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(
      editMessage(w, { roomId: 'general', messageId: ID, author: ada, text: ' ' }),
    ).rejects.toMatchObject({
      code: 'invalid_text',
    });
    expect(w.log).toEqual([]);
  });

  it('answers rate_limited when the person acts too fast, before any write', async () => {
    const w = world();
    w.rateLimiter.allow = false;
    await expect(
      editMessage(w, { roomId: 'general', messageId: ID, author: ada, text: 'x' }),
    ).rejects.toMatchObject({
      code: 'rate_limited',
    });
    expect(w.records.entry('general', ID)).toMatchObject({ text: 'helo' });
  });

  it('keeps the edit when the room or the bus cannot be told, and says so', async () => {
    const w = world();
    w.bus.failure = new Error('bus down');
    const result = await editMessage(w, { roomId: 'general', messageId: ID, author: ada, text: 'x' });
    expect(result.publishError).toBe(w.bus.failure);
    expect(w.records.entry('general', ID)).toMatchObject({ text: 'x' });
  });
});

describe('deleteMessage', () => {
  it('lets the author delete: a tombstone stays, the room gets messageDeleted, the bus MessageDeleted', async () => {
    const w = world();
    await deleteMessage(w, { roomId: 'general', messageId: ID, author: ada });
    expect(w.records.entry('general', ID)).toEqual({
      messageId: ID,
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      createdAt: '2024-05-01T11:00:00.000Z',
      deleted: true,
    });
    expect(w.sockets.framesTo('c-grace')).toEqual([
      { type: 'messageDeleted', roomId: 'general', messageId: ID },
    ]);
    expect(w.bus.events).toEqual([
      {
        detailType: 'MessageDeleted',
        detail: { roomId: 'general', messageId: ID, sender: 'Ada', visibility: 'public' },
      },
    ]);
  });

  it('refuses anyone else (403), and a second deletion is 404', async () => {
    const w = world();
    await expect(deleteMessage(w, { roomId: 'general', messageId: ID, author: grace })).rejects.toMatchObject(
      {
        code: 'forbidden',
      },
    );
    await deleteMessage(w, { roomId: 'general', messageId: ID, author: ada });
    await expect(deleteMessage(w, { roomId: 'general', messageId: ID, author: ada })).rejects.toMatchObject({
      code: 'message_not_found',
    });
  });

  it('keeps the deletion when the room’s sockets cannot be read', async () => {
    const w = world();
    w.connections.roomConnections = async function* () {
      yield* [];
      throw new Error('query failed');
    };
    const result = await deleteMessage(w, { roomId: 'general', messageId: ID, author: ada });
    expect(result.fanOutError).toBeInstanceOf(Error);
    expect(w.records.entry('general', ID)).toMatchObject({ deleted: true });
  });
});

describe('react', () => {
  it('toggles the person’s reaction; each change reaches the room, nothing goes on the bus', async () => {
    const w = world();
    const on = await react(w, {
      roomId: 'general',
      messageId: ID,
      emoji: '👍',
      name: 'Grace',
      change: 'toggle',
    });
    expect(on.message.reactions).toEqual({ '👍': ['Grace'] });
    expect(w.sockets.framesTo('c-ada')).toEqual([{ type: 'messageUpdated', message: on.message }]);
    const off = await react(w, {
      roomId: 'general',
      messageId: ID,
      emoji: '👍',
      name: 'Grace',
      change: 'toggle',
    });
    expect(off.message.reactions).toBeUndefined();
    expect(w.bus.events).toEqual([]);
  });

  it('writes and sends nothing when an add or remove changes nothing', async () => {
    const w = world();
    const result = await react(w, {
      roomId: 'general',
      messageId: ID,
      emoji: '🎉',
      name: 'Ada',
      change: 'remove',
    });
    expect(result.changed).toBe(false);
    expect(w.sockets.posts).toEqual([]);
    expect(w.log.filter((l) => l.startsWith('records.setReactions'))).toEqual([]);
  });

  it('reads again and retries when another reaction landed in between, and gives up after five races', async () => {
    const w = world();
    w.records.conflicts = 2;
    const result = await react(w, {
      roomId: 'general',
      messageId: ID,
      emoji: '👍',
      name: 'Ada',
      change: 'add',
    });
    expect(result.message.reactions).toEqual({ '👍': ['Ada'] });
    expect(w.log.filter((l) => l.startsWith('records.getEntry'))).toHaveLength(3);
    w.records.conflicts = 5;
    await expect(
      react(w, { roomId: 'general', messageId: ID, emoji: '🎉', name: 'Ada', change: 'add' }),
    ).rejects.toThrow(/kept changing/);
  });

  it('refuses a bad emoji (invalid_emoji), a deleted or unknown message (404)', async () => {
    const w = world();
    for (const emoji of ['x', '👍👍', '❤', '', 'a👍']) {
      await expect(
        react(w, { roomId: 'general', messageId: ID, emoji, name: 'Ada', change: 'toggle' }),
      ).rejects.toMatchObject({ code: 'invalid_emoji' });
    }
    await deleteMessage(w, { roomId: 'general', messageId: ID, author: ada });
    await expect(
      react(w, { roomId: 'general', messageId: ID, emoji: '👍', name: 'Ada', change: 'toggle' }),
    ).rejects.toMatchObject({ code: 'message_not_found' });
  });

  it('takes emoji with skin tones, ZWJ sequences, flags and keycaps', async () => {
    const w = world();
    for (const emoji of ['👍🏽', '👩‍💻', '🇫🇷', '1️⃣', '❤️']) {
      const result = await react(w, { roomId: 'general', messageId: ID, emoji, name: 'Ada', change: 'add' });
      expect(result.message.reactions?.[emoji]).toEqual(['Ada']);
    }
  });
});

describe('a big room', () => {
  it('hears of an edit in parallel pages, as of a new message: the first page here, the rest handed on', async () => {
    const w = fakeWorld({ pageSize: 2 });
    const records = new MemoryMessageRecords(w.log);
    records.add(
      {
        messageId: ID,
        roomId: 'general',
        sender: 'Ada',
        senderType: 'guest',
        text: 'helo',
        createdAt: '2024-05-01T11:00:00.000Z',
      },
      undefined,
      'session-ada',
    );
    for (const name of ['Ada', 'Bo', 'Cy', 'Di', 'Ed']) w.connections.add(`c-${name}`, 'general', name);
    const handed: FanOutPage[] = [];
    const dispatcher: PageDispatcher = {
      dispatch: async (pages) => {
        handed.push(...pages);
        return [];
      },
    };
    const result = await editMessage(
      { ...w, records, fanOutPages: { pageSize: 2, dispatcher } },
      { roomId: 'general', messageId: ID, author: ada, text: 'hello' },
    );
    expect(w.sockets.recipients()).toHaveLength(2);
    expect(handed.flatMap((p) => p.connections.map((c) => c.connectionId))).toHaveLength(3);
    expect(handed.every((p) => p.frame.type === 'messageUpdated')).toBe(true);
    expect(result.message?.text).toBe('hello');
  });
});
