import { describe, expect, it } from 'vitest';
import { ApiError, createApi, type Fetch } from '../../web/api';
import type { ChatMessage } from '../../web/types';

interface Call {
  url: string;
  init?: RequestInit;
}

function fakeFetch(respond: (url: URL, init?: RequestInit) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchImpl: Fetch = async (url, init) => {
    calls.push({ url, init });
    return respond(new URL(url), init);
  };
  return { fetchImpl, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const msg = (n: number): ChatMessage => ({
  messageId: `m${String(n).padStart(3, '0')}`,
  roomId: 'lobby',
  sender: 'Bob',
  senderType: 'guest',
  text: `#${n}`,
  createdAt: new Date(Date.UTC(2024, 4, 1, 10, 0, n)).toISOString(),
});

describe('createApi', () => {
  it('posts the name to /sessions under the configured base URL, with or without a trailing slash', async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(201, { token: 't', name: 'Ada', expiresAt: 'x' }));
    const api = createApi('https://api.example.com/prod/', fetchImpl);
    expect(await api.createSession('Ada')).toEqual({ token: 't', name: 'Ada', expiresAt: 'x' });
    expect(calls[0]?.url).toBe('https://api.example.com/prod/sessions');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ name: 'Ada' });
  });

  it('signs out with DELETE /sessions/current and the token, reading no body from the 204', async () => {
    const { fetchImpl, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    expect(await createApi('https://api.example.com', fetchImpl).deleteSession('tok')).toBeUndefined();
    expect(calls[0]?.url).toBe('https://api.example.com/sessions/current');
    expect(calls[0]?.init?.method).toBe('DELETE');
    expect(calls[0]?.init?.headers).toEqual({ authorization: 'Bearer tok' });
    expect(calls[0]?.init?.body).toBeUndefined();
  });

  it('surfaces the server’s error code and message (400 bad name, 409 reserved)', async () => {
    const { fetchImpl } = fakeFetch(() =>
      json(409, { error: { code: 'NameTaken', message: 'That is the bot.' } }),
    );
    const err = await createApi('http://x', fetchImpl)
      .createSession('Pyro')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'NameTaken', message: 'That is the bot.' });
  });

  it('understands API Gateway’s own error bodies and non-JSON failures', async () => {
    const gateway = fakeFetch(() => json(401, { message: 'Unauthorized' }));
    await expect(createApi('http://x', gateway.fetchImpl).createRoom('t', 'x')).rejects.toMatchObject({
      status: 401,
      message: 'Unauthorized',
    });
    const html = fakeFetch(
      () => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }),
    );
    await expect(createApi('http://x', html.fetchImpl).listRooms()).rejects.toMatchObject({
      status: 502,
      message: 'Bad Gateway',
    });
  });

  it('turns a network failure into a readable ApiError', async () => {
    const api = createApi('http://x', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.listRooms()).rejects.toMatchObject({ status: 0, code: 'NetworkError' });
  });

  it('reads a page of rooms, passing limit and the cursor of the page before', async () => {
    const { fetchImpl, calls } = fakeFetch(() =>
      json(200, { rooms: [{ roomId: 'art', name: 'Art' }], next: 'cursor-2' }),
    );
    const api = createApi('http://x', fetchImpl);
    expect(await api.listRooms({ limit: 20, next: 'cursor-1' })).toEqual({
      rooms: [{ roomId: 'art', name: 'Art' }],
      next: 'cursor-2',
    });
    expect(calls[0]?.url).toBe('http://x/rooms?limit=20&next=cursor-1');
    await api.listRooms();
    expect(calls[1]?.url).toBe('http://x/rooms');
  });

  it('creates rooms with the bearer token', async () => {
    const { fetchImpl, calls } = fakeFetch(() =>
      json(201, { room: { roomId: 'book-club', name: 'Book club' } }),
    );
    expect(await createApi('http://x', fetchImpl).createRoom('tok', 'Book club')).toEqual({
      roomId: 'book-club',
      name: 'Book club',
    });
    expect(new Headers(calls[0]?.init?.headers).get('authorization')).toBe('Bearer tok');
  });

  it('encodes the room id and the cursors of a history request', async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(200, { messages: [], next: null }));
    await createApi('http://x', fetchImpl).listMessages('a/b c', { limit: 20, before: 'm=1' });
    expect(calls[0]?.url).toBe('http://x/rooms/a%2Fb%20c/messages?limit=20&before=m%3D1');
  });

  it('drops malformed messages from a history page', async () => {
    const { fetchImpl } = fakeFetch(() => json(200, { messages: [msg(1), { text: 'junk' }], next: '' }));
    expect(await createApi('http://x', fetchImpl).listMessages('lobby')).toEqual({
      messages: [msg(1)],
      next: null,
    });
  });

  it('catches up by paging after the last seen message until next is null', async () => {
    const stored = Array.from({ length: 7 }, (_, i) => msg(i + 1));
    const { fetchImpl, calls } = fakeFetch((url) => {
      const after = url.searchParams.get('after') ?? '';
      const limit = Number(url.searchParams.get('limit'));
      const rest = stored.filter((m) => m.messageId > after);
      const page = rest.slice(0, limit);
      return json(200, { messages: page, next: rest.length > limit ? page.at(-1)?.messageId : null });
    });
    const caught = await createApi('http://x', fetchImpl).listMessagesAfter('lobby', 'm002', 2);
    expect(caught.map((m) => m.messageId)).toEqual(['m003', 'm004', 'm005', 'm006', 'm007']);
    expect(calls.map((c) => new URL(c.url).searchParams.get('after'))).toEqual(['m002', 'm004', 'm006']);
  });

  it('stops paging on an empty page even if the server keeps returning a cursor', async () => {
    const { fetchImpl, calls } = fakeFetch(() => json(200, { messages: [], next: 'm001' }));
    expect(await createApi('http://x', fetchImpl).listMessagesAfter('lobby', 'm001')).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('reads the first page of members, given as names or objects, with the count', async () => {
    const { fetchImpl } = fakeFetch(() => json(200, { members: [{ name: 'Ada' }], count: 3, next: 'x' }));
    expect(await createApi('http://x', fetchImpl).listMembers('lobby')).toEqual({
      members: [{ name: 'Ada' }],
      count: 3,
    });
  });
});
