/**
 * Issue 16, private rooms and direct messages, against the local cloud with accounts from its Cognito emulator: a
 * non-member learns nothing of a private room over either transport (list, history, members, roles, posting,
 * joining, typing, message actions, presence and fan-out); members can; the owner and moderators manage members
 * and nobody else can; direct messages are one idempotent room of exactly two accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { Accounts } from './account-helper';
import { api, ChatClient, type Frame, ofType, signIn, startTestCloud } from './harness';

let cloud: LocalCloud;
let accounts: Accounts;
const tokens = new Map<string, string>();
/** The person's access token (or guest token). */
function tok(name: string): string {
  const t = tokens.get(name);
  if (!t) throw new Error(`no token for ${name}`);
  return t;
}
const ROOM = 'secret-club';

const notFound = { status: 404, body: { error: { code: 'room_not_found', message: expect.any(String) } } };
const aboutRoom = (roomId: string) => (f: Frame) => JSON.stringify(f).includes(roomId);

beforeAll(async () => {
  cloud = await startTestCloud();
  accounts = new Accounts(cloud);
  for (const name of ['ada', 'bob', 'carol', 'dave']) tokens.set(name, await accounts.create(name));
  tokens.set('gus', await signIn(cloud, 'Gus'));
  const created = await api(cloud, 'POST', '/rooms', {
    token: tok('ada'),
    body: { name: 'Secret Club', visibility: 'private' },
  });
  expect(created).toMatchObject({
    status: 201,
    body: { room: { roomId: ROOM, visibility: 'private', kind: 'room', owner: 'ada' } },
  });
}, 60_000);

afterAll(async () => {
  accounts?.destroy();
  await cloud?.stop();
});

const roomIds = async (who?: string) =>
  (
    (await api<{ rooms: { roomId: string }[] }>(cloud, 'GET', '/rooms', who ? { token: tok(who) } : {})).body
      .rooms ?? []
  ).map((r) => r.roomId);

describe('a private room', () => {
  it('is refused to a guest, with a clear 403', async () => {
    const refused = await api(cloud, 'POST', '/rooms', {
      token: tok('gus'),
      body: { name: 'Guest Den', visibility: 'private' },
    });
    expect(refused).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: expect.stringMatching(/accounts/) } },
    });
  });

  it('is listed to its owner only, with the role', async () => {
    expect(await roomIds()).not.toContain(ROOM);
    expect(await roomIds('bob')).not.toContain(ROOM);
    expect(await roomIds('gus')).not.toContain(ROOM);
    const listed = await api<{ rooms: Record<string, unknown>[] }>(cloud, 'GET', '/rooms', {
      token: tok('ada'),
    });
    expect(listed.body.rooms.find((r) => r.roomId === ROOM)).toMatchObject({
      role: 'owner',
      visibility: 'private',
    });
    expect(listed.body.rooms[0]?.roomId).toBe('lobby');
  });

  it('answers 404 room_not_found to a non-member on every HTTP path, as for a room that does not exist', async () => {
    const posted = await api<{ message: { messageId: string } }>(cloud, 'POST', `/rooms/${ROOM}/messages`, {
      token: tok('ada'),
      body: { text: 'the password is swordfish' },
    });
    expect(posted.status).toBe(201);
    const id = posted.body.message.messageId;
    for (const who of [undefined, 'bob', 'gus']) {
      const auth = who ? { token: tok(who) } : {};
      expect(await api(cloud, 'GET', `/rooms/${ROOM}/messages`, auth)).toEqual(notFound);
      expect(await api(cloud, 'GET', `/rooms/${ROOM}/members`, auth)).toEqual(notFound);
      expect(await api(cloud, 'GET', `/rooms/${ROOM}/roles`, auth)).toEqual(notFound);
      if (!who) continue;
      const t = { token: tok(who) };
      expect(
        await api(cloud, 'POST', `/rooms/${ROOM}/messages`, { ...t, body: { text: 'let me in' } }),
      ).toEqual(notFound);
      expect(
        await api(cloud, 'PATCH', `/rooms/${ROOM}/messages/${id}`, { ...t, body: { text: 'x' } }),
      ).toEqual(notFound);
      expect(await api(cloud, 'DELETE', `/rooms/${ROOM}/messages/${id}`, t)).toEqual(notFound);
      expect(
        await api(cloud, 'PUT', `/rooms/${ROOM}/messages/${id}/reactions/${encodeURIComponent('👍')}`, t),
      ).toEqual(notFound);
      expect(await api(cloud, 'POST', `/rooms/${ROOM}/read`, { ...t, body: { messageId: id } })).toEqual(
        notFound,
      );
      expect(await api(cloud, 'PUT', `/rooms/${ROOM}/members/${who}`, { ...t, body: {} })).toEqual(notFound);
      expect(await api(cloud, 'GET', `/rooms/${ROOM}/moderation`, t)).toEqual(notFound);
    }
    // The unknown room answers the same.
    expect(await api(cloud, 'GET', '/rooms/no-such-room/messages', { token: tok('bob') })).toEqual(notFound);
  });

  it('answers a non-member 404 over the socket too, and never sends them its frames', async () => {
    await expect(ChatClient.connect(cloud, tok('bob'), ROOM)).rejects.toThrow('handshake refused: 404');
    await expect(ChatClient.connect(cloud, tok('gus'), ROOM)).rejects.toThrow('handshake refused: 404');
    const ada = await ChatClient.connect(cloud, tok('ada'), ROOM);
    const bob = await ChatClient.connect(cloud, tok('bob'));
    const gus = await ChatClient.connect(cloud, tok('gus'));
    try {
      const history = await api<{ messages: { messageId: string }[] }>(
        cloud,
        'GET',
        `/rooms/${ROOM}/messages`,
        {
          token: tok('ada'),
        },
      );
      const messageId = history.body.messages[0]?.messageId ?? '';
      for (const client of [bob, gus]) {
        client.send({ action: 'joinRoom', roomId: ROOM });
        expect(await client.next(ofType('error'))).toMatchObject({ code: 'room_not_found' });
        client.send({ action: 'sendMessage', roomId: ROOM, text: 'hello?', clientMessageId: 'c1' });
        expect(await client.next(ofType('error'))).toMatchObject({
          code: 'room_not_found',
          clientMessageId: 'c1',
        });
        for (const frame of [
          { action: 'editMessage', roomId: ROOM, messageId, text: 'mine now' },
          { action: 'deleteMessage', roomId: ROOM, messageId },
          { action: 'react', roomId: ROOM, messageId, emoji: '👍' },
          { action: 'markRead', roomId: ROOM, messageId },
        ]) {
          client.send(frame);
          expect(await client.next(ofType('error')), frame.action).toMatchObject({ code: 'room_not_found' });
        }
        // typing for a room the socket is not in is dropped silently, as for any room (nothing to learn from it).
        client.send({ action: 'typing', roomId: ROOM });
      }
      ada.send({ action: 'sendMessage', roomId: ROOM, text: 'only for members', clientMessageId: 'a1' });
      await ada.next(ofType('ack'));
      ada.send({ action: 'typing', roomId: ROOM });
      // A ping after everything: its pong proves the frames before it were handled, so none is still on its way.
      for (const client of [bob, gus]) {
        client.send({ action: 'ping' });
        await client.next(ofType('pong'));
        expect(client.frames.filter(aboutRoom(ROOM))).toEqual([]);
      }
    } finally {
      await Promise.all([ada.close(), bob.close(), gus.close()]);
    }
  });
});

describe('members', () => {
  it('are added by the owner; a member reads, joins and posts; a non-moderator cannot manage members', async () => {
    expect(await api(cloud, 'PUT', `/rooms/${ROOM}/members/bob`, { token: tok('ada') })).toMatchObject({
      status: 200,
      body: { member: { name: 'bob', role: 'member', addedBy: 'ada' } },
    });
    expect(await roomIds('bob')).toContain(ROOM);
    expect((await api(cloud, 'GET', `/rooms/${ROOM}/messages`, { token: tok('bob') })).status).toBe(200);
    expect((await api(cloud, 'GET', `/rooms/${ROOM}/members`, { token: tok('bob') })).status).toBe(200);
    expect(
      (
        await api(cloud, 'POST', `/rooms/${ROOM}/messages`, {
          token: tok('bob'),
          body: { text: 'thanks ada' },
        })
      ).status,
    ).toBe(201);
    const bob = await ChatClient.connect(cloud, tok('bob'), ROOM);
    await bob.close();
    // A member who is not a moderator cannot add anyone.
    expect(
      await api(cloud, 'PUT', `/rooms/${ROOM}/members/carol`, { token: tok('bob'), body: {} }),
    ).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
  });

  it('are accounts only: a guest’s name or an unknown one is 404 account_not_found', async () => {
    for (const name of ['Gus', 'nobody']) {
      expect(
        await api(cloud, 'PUT', `/rooms/${ROOM}/members/${name}`, { token: tok('ada'), body: {} }),
      ).toEqual({
        status: 404,
        body: { error: { code: 'account_not_found', message: expect.stringMatching(/only accounts/) } },
      });
    }
  });

  it('are managed by moderators, whom only the owner makes; the owner stays', async () => {
    expect(
      (
        await api(cloud, 'PUT', `/rooms/${ROOM}/members/bob`, {
          token: tok('ada'),
          body: { role: 'moderator' },
        })
      ).body,
    ).toMatchObject({ member: { name: 'bob', role: 'moderator' } });
    expect(
      (await api(cloud, 'PUT', `/rooms/${ROOM}/members/carol`, { token: tok('bob'), body: {} })).status,
    ).toBe(200);
    expect(
      await api(cloud, 'PUT', `/rooms/${ROOM}/members/carol`, {
        token: tok('bob'),
        body: { role: 'moderator' },
      }),
    ).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await api(cloud, 'DELETE', `/rooms/${ROOM}/members/ada`, { token: tok('bob') })).toMatchObject({
      status: 403,
    });
    expect(await api(cloud, 'DELETE', `/rooms/${ROOM}/members/ada`, { token: tok('ada') })).toMatchObject({
      status: 403,
      body: { error: { message: expect.stringMatching(/owner cannot leave/) } },
    });
    const roles = await api<{ people: { name: string; role: string }[] }>(
      cloud,
      'GET',
      `/rooms/${ROOM}/roles`,
      {
        token: tok('carol'),
      },
    );
    expect(roles.body.people.map((p) => [p.name, p.role])).toEqual([
      ['ada', 'owner'],
      ['bob', 'moderator'],
      ['carol', 'member'],
    ]);
  });

  it('who are taken off get `removed` on their sockets in the room, are moved to the lobby, and lose access', async () => {
    const carol = await ChatClient.connect(cloud, tok('carol'), ROOM);
    try {
      expect(await api(cloud, 'DELETE', `/rooms/${ROOM}/members/carol`, { token: tok('bob') })).toEqual({
        status: 204,
        body: null,
      });
      expect(await carol.next(ofType('removed'))).toEqual({
        type: 'removed',
        roomId: ROOM,
        reason: 'membership ended',
      });
      // Moved to the lobby: posting there from the socket works, the room is gone for carol.
      carol.send({
        action: 'sendMessage',
        roomId: 'lobby',
        text: 'back in the lobby',
        clientMessageId: 'l1',
      });
      await carol.next(ofType('ack'));
      expect(await api(cloud, 'GET', `/rooms/${ROOM}/messages`, { token: tok('carol') })).toEqual(notFound);
    } finally {
      await carol.close();
    }
  });

  it('may leave by deleting their own name, after which the room is gone for them', async () => {
    expect((await api(cloud, 'PUT', `/rooms/${ROOM}/members/dave`, { token: tok('ada') })).status).toBe(200);
    expect(await api(cloud, 'DELETE', `/rooms/${ROOM}/members/dave`, { token: tok('dave') })).toEqual({
      status: 204,
      body: null,
    });
    expect(await roomIds('dave')).not.toContain(ROOM);
    expect(await api(cloud, 'GET', `/rooms/${ROOM}/messages`, { token: tok('dave') })).toEqual(notFound);
  });
});

describe('direct messages', () => {
  it('open one private room of the two accounts, the same whoever asks again', async () => {
    const opened = await api<{ room: Record<string, unknown> }>(cloud, 'POST', '/dms', {
      token: tok('ada'),
      body: { name: 'Carol' },
    });
    expect(opened).toMatchObject({
      status: 201,
      body: { room: { kind: 'dm', visibility: 'private', dmWith: 'carol', role: 'member' } },
    });
    const roomId = String(opened.body.room.roomId);
    expect(roomId).toMatch(/^dm-[0-9a-f]{24}$/);
    const again = await api<{ room: Record<string, unknown> }>(cloud, 'POST', '/dms', {
      token: tok('carol'),
      body: { name: 'ada' },
    });
    expect(again).toMatchObject({ status: 200, body: { room: { roomId, dmWith: 'ada' } } });
    const listed = await api<{ rooms: Record<string, unknown>[] }>(cloud, 'GET', '/rooms', {
      token: tok('carol'),
    });
    expect(listed.body.rooms.find((r) => r.roomId === roomId)).toMatchObject({ kind: 'dm', dmWith: 'ada' });
  });

  it('reach exactly the two: a third account cannot read, join or post, and hears nothing', async () => {
    const { body } = await api<{ room: { roomId: string } }>(cloud, 'POST', '/dms', {
      token: tok('ada'),
      body: { name: 'carol' },
    });
    const roomId = body.room.roomId;
    const ada = await ChatClient.connect(cloud, tok('ada'), roomId);
    const carol = await ChatClient.connect(cloud, tok('carol'), roomId);
    const bob = await ChatClient.connect(cloud, tok('bob'));
    try {
      expect(await roomIds('bob')).not.toContain(roomId);
      expect(await api(cloud, 'GET', `/rooms/${roomId}/messages`, { token: tok('bob') })).toEqual(notFound);
      bob.send({ action: 'joinRoom', roomId });
      expect(await bob.next(ofType('error'))).toMatchObject({ code: 'room_not_found' });
      ada.send({ action: 'sendMessage', roomId, text: 'just between us', clientMessageId: 'd1' });
      const said = (f: Frame) => f.type === 'message' && JSON.stringify(f).includes('just between us');
      expect(await carol.next(said)).toMatchObject({
        message: { roomId, sender: 'ada', text: 'just between us' },
      });
      bob.send({ action: 'ping' });
      await bob.next(ofType('pong'));
      expect(bob.frames.filter(aboutRoom(roomId))).toEqual([]);
      // Adding a third person to a direct message is refused.
      expect(
        await api(cloud, 'PUT', `/rooms/${roomId}/members/bob`, { token: tok('ada'), body: {} }),
      ).toMatchObject({
        status: 403,
      });
    } finally {
      await Promise.all([ada.close(), carol.close(), bob.close()]);
    }
  });

  it('are for accounts only, with someone else that exists', async () => {
    expect(await api(cloud, 'POST', '/dms', { token: tok('gus'), body: { name: 'ada' } })).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    expect(await api(cloud, 'POST', '/dms', { token: tok('ada'), body: { name: 'Gus' } })).toMatchObject({
      status: 404,
      body: { error: { code: 'account_not_found' } },
    });
    expect(await api(cloud, 'POST', '/dms', { token: tok('ada'), body: { name: 'ADA' } })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request' } },
    });
  });
});
