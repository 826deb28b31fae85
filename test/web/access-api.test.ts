import { describe, expect, it, vi } from 'vitest';
import { createAccessApi } from '../../web/access-api';
import { ApiError, createApi } from '../../web/api';

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

/** Each request gets a fresh copy of `res` (a body is read once). */
function setup(res: Response) {
  const fetchImpl = vi.fn(async (_url: string, _init?: RequestInit) => res.clone());
  const api = createApi('https://api.example/', fetchImpl, () => 'read-tok');
  return { fetchImpl, api, access: createAccessApi(api.call) };
}

const sent = (f: ReturnType<typeof setup>['fetchImpl']) => {
  const [url, init] = f.mock.calls[0] ?? [];
  return {
    url,
    method: init?.method,
    auth: (init?.headers as Record<string, string> | undefined)?.authorization,
    body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
  };
};

describe('createAccessApi', () => {
  it('opens a direct message with POST /dms and the token', async () => {
    const room = { roomId: 'dm-1', name: 'Ada & Grace', kind: 'dm', dmWith: 'Grace' };
    const { fetchImpl, access } = setup(json(201, { room }));
    expect(await access.openDm('tok', 'Grace')).toEqual(room);
    expect(sent(fetchImpl)).toEqual({
      url: 'https://api.example/dms',
      method: 'POST',
      auth: 'Bearer tok',
      body: { name: 'Grace' },
    });
  });

  it('puts a member with a role, names in the path encoded', async () => {
    const member = { name: 'Grace', role: 'member', addedBy: 'Ada', addedAt: '2024-05-01T09:30:00.000Z' };
    const { fetchImpl, access } = setup(json(200, { member }));
    expect(await access.putMember('tok', 'book-club', 'Grace Hopper', 'member')).toEqual(member);
    expect(sent(fetchImpl)).toMatchObject({
      url: 'https://api.example/rooms/book-club/members/Grace%20Hopper',
      method: 'PUT',
      body: { role: 'member' },
    });
  });

  it('mutes with minutes and a reason only when given; unmute is a DELETE with no body', async () => {
    const { fetchImpl, access } = setup(json(201, { sanction: { roomId: 'r', name: 'L', kind: 'mute' } }));
    await access.mute('tok', 'r', { name: 'L', minutes: 5 });
    expect(sent(fetchImpl)).toMatchObject({
      url: 'https://api.example/rooms/r/mutes',
      body: { name: 'L', minutes: 5 },
    });
    const del = setup(json(204));
    await del.access.unmute('tok', 'r', 'L');
    expect(sent(del.fetchImpl)).toEqual({
      url: 'https://api.example/rooms/r/mutes/L',
      method: 'DELETE',
      auth: 'Bearer tok',
      body: undefined,
    });
  });

  it('reads roles without a token when there is none', async () => {
    const { fetchImpl, access } = setup(
      json(200, { roomId: 'r', visibility: 'public', people: [], admins: [], next: null }),
    );
    await access.listRoles(undefined, 'r');
    expect(sent(fetchImpl)).toMatchObject({
      url: 'https://api.example/rooms/r/roles?limit=100',
      auth: undefined,
    });
  });

  it('keeps the error’s until (a muted or removed person)', async () => {
    const until = '2024-05-01T10:10:00.000Z';
    const { access } = setup(json(403, { error: { code: 'removed', message: 'Removed.', until } }));
    const err = await access.moderationLog('tok', 'r').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, code: 'removed', until });
  });
});

describe('createApi with a read token', () => {
  it('sends it with GET history and GET members (a private room needs a member’s)', async () => {
    const { fetchImpl, api } = setup(json(200, { messages: [], next: null, members: [], count: 0 }));
    await api.listMessages('book-club');
    await api.listMembers('book-club');
    const auths = fetchImpl.mock.calls.map(
      ([, init]) => (init?.headers as Record<string, string> | undefined)?.authorization,
    );
    expect(auths).toEqual(['Bearer read-tok', 'Bearer read-tok']);
  });
});
