import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../../lambdas/contract/resources';
import { newMessageId } from '../../../../lambdas/core/ids';
import {
  DEFAULT_HISTORY_LIMIT,
  listHistory,
  MESSAGE_POSTED,
  postMessage,
} from '../../../../lambdas/core/messages';
import type { ChatMessage } from '../../../../lambdas/core/types';
import { itemAt } from '../../../lists';
import { callKinds, fakeWorld, T0 } from './fakes';

const TTL = 48 * 3600;

function world() {
  const w = fakeWorld();
  w.connections.add('c-ada', 'general', 'Ada');
  w.connections.add('c-bob', 'general', 'Bob');
  w.connections.add('c-eve', 'other', 'Eve');
  return { ...w, deps: { ...w, messageTtlSeconds: TTL } };
}

describe('postMessage', () => {
  it('checks room and rate side by side, reads the room while storing, posts only once stored, publishes last', async () => {
    const w = world();
    await postMessage(w.deps, { roomId: 'general', sender: 'Ada', senderType: 'guest', text: 'hello' });
    const kinds = callKinds(w.log);
    expect(kinds.slice(0, 2).sort()).toEqual(['rateLimiter.tryTake', 'rooms.getRoom']);
    expect(kinds.indexOf('messages.putMessage')).toBeLessThan(kinds.indexOf('sockets.send'));
    expect(kinds.filter((k) => k === 'sockets.send')).toHaveLength(2);
    expect(kinds.at(-1)).toBe('bus.publish');
  });

  it('stores the trimmed text with the sender, its type, the time and a TTL', async () => {
    const w = world();
    const { message } = await postMessage(w.deps, {
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: '  hello  ',
    });

    expect(message).toEqual({
      messageId: expect.stringMatching(new RegExp(`^${T0}-[0-9a-f]{10}$`)),
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hello',
      createdAt: '2024-05-01T12:00:00.000Z',
    });
    expect(w.messages.stored).toEqual([{ message, expiresAt: T0 / 1000 + TTL }]);
  });

  it('carries the sender type it is given to the store, the room and the bus alike', async () => {
    for (const senderType of ['user', 'guest', 'bot'] as const) {
      const w = world();
      const { message } = await postMessage(w.deps, {
        roomId: 'general',
        sender: 'Ada',
        senderType,
        text: 'hi',
      });
      expect(message.senderType).toBe(senderType);
      expect(w.messages.stored[0]?.message.senderType).toBe(senderType);
      expect(w.bus.events[0]?.detail).toMatchObject({ senderType });
      expect(w.sockets.framesTo('c-bob')).toEqual([{ type: 'message', message }]);
    }
  });

  it('sends the message frame to everyone in the room, the sender included', async () => {
    const w = world();
    const { message, fanOut } = await postMessage(w.deps, {
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hi',
    });
    expect(w.sockets.recipients()).toEqual(['c-ada', 'c-bob']);
    expect(w.sockets.framesTo('c-bob')).toEqual([{ type: 'message', message }]);
    expect(fanOut.delivered).toBe(2);
  });

  it("publishes MessagePosted with the message and its room's visibility as detail", async () => {
    const w = world();
    const { message } = await postMessage(w.deps, {
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hi Pyro',
    });
    expect(w.bus.events).toEqual([
      { detailType: MESSAGE_POSTED, detail: { ...message, visibility: 'public' } },
    ]);
    expect(MESSAGE_POSTED).toBe('MessagePosted');
  });

  it('rate-limits per sender', async () => {
    const w = world();
    await postMessage(w.deps, { roomId: 'general', sender: 'Ada', senderType: 'guest', text: 'hi' });
    expect(w.rateLimiter.calls).toEqual([{ key: 'send#guest#Ada', nowMs: T0 }]);
  });

  it('refuses a sender over the rate limit with rate_limited (429) and stores, sends and publishes nothing', async () => {
    const w = world();
    w.rateLimiter.allow = false;
    await expect(
      postMessage(w.deps, { roomId: 'general', sender: 'Ada', senderType: 'guest', text: 'hi' }),
    ).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
    });
    expect(w.messages.stored).toEqual([]);
    expect(w.sockets.posts).toEqual([]);
    expect(w.bus.events).toEqual([]);
  });

  it('posts without a rate limiter (the bot)', async () => {
    const w = world();
    const { rateLimiter: _unused, ...botDeps } = w.deps;
    await postMessage(botDeps, { roomId: 'general', sender: 'Pyro', senderType: 'bot', text: 'hello' });
    expect(w.messages.stored).toHaveLength(1);
    expect(w.rateLimiter.calls).toEqual([]);
  });

  it('refuses an unknown room with room_not_found, storing nothing', async () => {
    const w = world();
    await expect(
      postMessage(w.deps, { roomId: 'nowhere', sender: 'Ada', senderType: 'guest', text: 'hi' }),
    ).rejects.toMatchObject({
      code: 'room_not_found',
      status: 404,
    });
    expect(w.messages.stored).toEqual([]);
    expect(w.sockets.recipients()).toEqual([]);
  });

  it('refuses a malformed room id with invalid_room before taking a rate token', async () => {
    const w = world();
    await expect(
      postMessage(w.deps, { roomId: 'Not A Slug', sender: 'Ada', senderType: 'guest', text: 'hi' }),
    ).rejects.toMatchObject({
      code: 'invalid_room',
    });
    expect(w.rateLimiter.calls).toEqual([]);
  });

  it.each([
    ['empty', '   '],
    ['too long', 'x'.repeat(2001)],
    ['not a string', 42],
  ])('refuses %s text with invalid_text before looking up the room', async (_label, text) => {
    const w = world();
    await expect(
      postMessage(w.deps, { roomId: 'general', sender: 'Ada', senderType: 'guest', text }),
    ).rejects.toMatchObject({
      code: 'invalid_text',
      status: 400,
    });
    expect(w.log).toEqual([]);
  });

  it('posts to the lobby, which needs no stored room', async () => {
    const w = world();
    w.connections.add('c-lobby', 'lobby', 'Lin');
    const { message } = await postMessage(w.deps, {
      roomId: 'lobby',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hi',
    });
    expect(message.roomId).toBe('lobby');
    expect(w.sockets.recipients()).toEqual(['c-lobby']);
  });

  it('accepts the stored message when publishing fails, returning the error instead of throwing it', async () => {
    // Throwing would make the sender retry a message everyone has already seen.
    const w = world();
    const failure = new Error('PutEvents refused');
    w.bus.failure = failure;
    const result = await postMessage(w.deps, {
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hi',
    });
    expect(w.messages.stored.map((s) => s.message)).toEqual([result.message]);
    expect(w.sockets.recipients()).toEqual(['c-ada', 'c-bob']);
    expect(result.publishError).toBe(failure);
  });

  it('accepts the stored message when the room’s connections cannot be read, and still publishes it', async () => {
    const w = world();
    const failure = new Error('Query failed');
    w.connections.roomConnections = async function* () {
      yield* [];
      throw failure;
    };
    const result = await postMessage(w.deps, {
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hi',
    });
    expect(w.messages.stored.map((s) => s.message)).toEqual([result.message]);
    expect(result.fanOutError).toBe(failure);
    expect(result.fanOut.delivered).toBe(0);
    expect(w.bus.events).toHaveLength(1);
  });

  it('reports no publish error when publishing succeeds', async () => {
    const w = world();
    const result = await postMessage(w.deps, {
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hi',
    });
    expect(result).not.toHaveProperty('publishError');
  });

  it('accepts the stored message even when a socket fails', async () => {
    const w = world();
    w.sockets.script('c-bob', new Error('Forbidden'));
    const { fanOut } = await postMessage(w.deps, {
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      text: 'hi',
    });
    expect(fanOut).toEqual({ delivered: 1, gone: 0, throttled: 0, failed: 1 });
    expect(w.bus.events).toHaveLength(1);
  });
});

describe('listHistory', () => {
  /** `count` live messages in `general`, one a second, oldest first. */
  function withHistory(count: number) {
    const w = fakeWorld();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const message: ChatMessage = {
        messageId: newMessageId(T0 - (count - i) * 1000),
        roomId: 'general',
        sender: 'Ada',
        senderType: 'guest',
        text: `m${i}`,
        createdAt: new Date(T0 - (count - i) * 1000).toISOString(),
      };
      ids.push(message.messageId);
      w.messages.stored.push({ message, expiresAt: T0 / 1000 + 3600 });
    }
    return { ...w, ids };
  }

  const texts = (messages: HistoryEntry[]) => messages.map((m) => ('text' in m ? m.text : null));

  it('returns the newest messages oldest first, with next pointing before the oldest one', async () => {
    const w = withHistory(5);
    const page = await listHistory(w, { roomId: 'general', limit: '3' });
    expect(texts(page.messages)).toEqual(['m2', 'm3', 'm4']);
    expect(page.next).toBe(w.ids[2]);
  });

  it('pages backwards with before until next is null', async () => {
    const w = withHistory(5);
    const first = await listHistory(w, { roomId: 'general', limit: '2' });
    const second = await listHistory(w, { roomId: 'general', limit: '2', before: first.next ?? undefined });
    const third = await listHistory(w, { roomId: 'general', limit: '2', before: second.next ?? undefined });
    expect([texts(first.messages), texts(second.messages), texts(third.messages)]).toEqual([
      ['m3', 'm4'],
      ['m1', 'm2'],
      ['m0'],
    ]);
    expect(third.next).toBeNull();
  });

  it('pages forwards with after, next pointing at the newest message returned', async () => {
    const w = withHistory(5);
    const page = await listHistory(w, { roomId: 'general', limit: '2', after: w.ids[0] });
    expect(texts(page.messages)).toEqual(['m1', 'm2']);
    expect(page.next).toBe(w.ids[2]);
    const last = await listHistory(w, { roomId: 'general', limit: '2', after: w.ids[2] });
    expect(texts(last.messages)).toEqual(['m3', 'm4']);
    expect(last.next).toBeNull();
  });

  it('passes the limit, cursors and current time to the store', async () => {
    const w = withHistory(0);
    await listHistory(w, { roomId: 'general', limit: '7', before: `${T0}-0123456789` });
    expect(w.messages.queries).toEqual([{ limit: 7, before: `${T0}-0123456789`, after: undefined }]);
  });

  it('answers next null when everything fits', async () => {
    const w = withHistory(3);
    expect(await listHistory(w, { roomId: 'general' })).toMatchObject({ next: null });
    expect(await listHistory(w, { roomId: 'general', limit: '3' })).toMatchObject({ next: null });
  });

  it('answers an empty room with no messages and next null', async () => {
    const w = withHistory(0);
    expect(await listHistory(w, { roomId: 'general' })).toEqual({ messages: [], next: null });
  });

  it('defaults the limit to 50 and treats empty parameters as absent', async () => {
    const w = withHistory(0);
    await listHistory(w, { roomId: 'general', limit: '', before: '', after: '' });
    expect(w.messages.queries[0]).toEqual({
      limit: DEFAULT_HISTORY_LIMIT,
      before: undefined,
      after: undefined,
    });
    expect(DEFAULT_HISTORY_LIMIT).toBe(50);
  });

  it('accepts limits from 1 to 100', async () => {
    const w = withHistory(0);
    await listHistory(w, { roomId: 'general', limit: '1' });
    await listHistory(w, { roomId: 'general', limit: '100' });
    expect(w.messages.queries.map((q) => q.limit)).toEqual([1, 100]);
  });

  it.each(['0', '101', '-1', '2.5', 'ten', 'NaN', 'Infinity'])(
    'refuses the limit %j with invalid_request',
    async (limit) => {
      const w = withHistory(0);
      await expect(listHistory(w, { roomId: 'general', limit })).rejects.toMatchObject({
        code: 'invalid_request',
        status: 400,
      });
    },
  );

  it.each([
    ['before', 'yesterday'],
    ['after', '123'],
    ['before', `${T0}-ZZZZZZZZZZ`],
  ])('refuses a %s cursor that is not a messageId with invalid_cursor', async (name, value) => {
    const w = withHistory(0);
    await expect(listHistory(w, { roomId: 'general', [name]: value })).rejects.toMatchObject({
      code: 'invalid_cursor',
      status: 400,
    });
  });

  it.each([
    ['the same as', `${T0}-aaaaaaaaaa`],
    ['newer than', `${T0 + 1}-aaaaaaaaaa`],
  ])('refuses an after cursor %s before with invalid_cursor, without querying', async (_label, after) => {
    const w = withHistory(0);
    await expect(
      listHistory(w, { roomId: 'general', before: `${T0}-aaaaaaaaaa`, after }),
    ).rejects.toMatchObject({ code: 'invalid_cursor', status: 400 });
  });

  it('refuses an unknown room with room_not_found', async () => {
    const w = withHistory(0);
    await expect(listHistory(w, { roomId: 'nowhere' })).rejects.toMatchObject({ code: 'room_not_found' });
  });

  it('never returns expired messages', async () => {
    const w = withHistory(3);
    itemAt(w.messages.stored, 2, 'stored message').expiresAt = T0 / 1000;
    const page = await listHistory(w, { roomId: 'general' });
    expect(texts(page.messages)).toEqual(['m0', 'm1']);
  });
});
