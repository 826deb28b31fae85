/**
 * Issue 15 against the local cloud: editing, deleting, reacting, replying, mentioning and unread counts, over
 * HTTP and over a socket, with who may do what, unknown ids, and the frames the others in the room receive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { usageLimits } from '../../infra/spec';
import { api, ChatClient, type Frame, signIn, startTestCloud } from './harness';

let cloud: LocalCloud;
const clients: ChatClient[] = [];
const tokens: Record<string, string> = {};

interface Message {
  messageId: string;
  roomId: string;
  sender: string;
  createdAt: string;
  text?: string;
  editedAt?: string;
  deleted?: true;
  reactions?: Record<string, string[]>;
  replyTo?: { messageId: string; sender: string; excerpt: string };
  mentions?: string[];
}

const UNKNOWN_ID = '1714557600000-0000000000';

beforeAll(async () => {
  // Its guests act as much as accounts may (many sockets, quick edits): this file tests the actions, not the
  // guests' lower limits (limits-websocket.test.ts does).
  cloud = await startTestCloud({
    environment: {
      LIMIT_SOCKETS_PER_IDENTITY_GUEST: usageLimits.LIMIT_SOCKETS_PER_IDENTITY_ACCOUNT,
      LIMIT_MESSAGE_BURST_GUEST: usageLimits.LIMIT_MESSAGE_BURST_ACCOUNT,
    },
  });
  // The reaction tests have people of their own: edits, deletes and reactions share a per-person allowance.
  for (const name of ['Ada', 'Grace', 'Ren', 'Rosa', 'Rick', 'Ruth', 'Rudy'])
    tokens[name] = await signIn(cloud, name);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cloud?.stop();
});

function token(name: string): string {
  const found = tokens[name];
  if (!found) throw new Error(`no token for ${name}`);
  return found;
}

let roomsMade = 0;
let maker = '';

/** A fresh room for each test; a guest makes 3 rooms an hour, so a new maker (from its own address) every 3. */
async function room(name: string): Promise<string> {
  if (roomsMade % 3 === 0) {
    const made = roomsMade / 3;
    const session = await api<{ token: string }>(cloud, 'POST', '/sessions', {
      body: { name: `maker ${made}` },
      from: `127.0.0.${made + 2}`,
    });
    maker = session.body.token;
  }
  roomsMade++;
  const { status, body } = await api<{ room: { roomId: string } }>(cloud, 'POST', '/rooms', {
    token: maker,
    body: { name },
  });
  expect(status).toBe(201);
  return body.room.roomId;
}

async function join(name: string, roomId: string): Promise<ChatClient> {
  const client = await ChatClient.connect(cloud, token(name), roomId);
  clients.push(client);
  return client;
}

/** Posts over HTTP; a 429 (a burst of 5, then one a second per person) is waited out, as a client would. */
async function post(name: string, roomId: string, text: string, replyTo?: string): Promise<Message> {
  for (let attempt = 0; ; attempt++) {
    const { status, body } = await api<{ message: Message }>(cloud, 'POST', `/rooms/${roomId}/messages`, {
      token: token(name),
      body: replyTo ? { text, replyTo } : { text },
    });
    if (status === 429 && attempt < 5) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    expect(status).toBe(201);
    return body.message;
  }
}

async function history(roomId: string): Promise<Message[]> {
  const { body } = await api<{ messages: Message[] }>(cloud, 'GET', `/rooms/${roomId}/messages`);
  return body.messages.filter((m) => m.sender !== 'Pyro');
}

const messagePath = (roomId: string, messageId: string) => `/rooms/${roomId}/messages/${messageId}`;
const reactionPath = (roomId: string, messageId: string, emoji: string) =>
  `${messagePath(roomId, messageId)}/reactions/${encodeURIComponent(emoji)}`;

const updated = (messageId: string) => (f: Frame) =>
  f.type === 'messageUpdated' && (f.message as Message).messageId === messageId;
const deleted = (messageId: string) => (f: Frame) => f.type === 'messageDeleted' && f.messageId === messageId;
const errorOf = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('editing', () => {
  it('over HTTP: the author edits, the others get messageUpdated, history shows the edited text', async () => {
    const roomId = await room('Edit Http');
    const grace = await join('Grace', roomId);
    const original = await post('Ada', roomId, 'helo');
    const { status, body } = await api<{ message: Message }>(
      cloud,
      'PATCH',
      messagePath(roomId, original.messageId),
      {
        token: token('Ada'),
        body: { text: 'hello' },
      },
    );
    expect(status).toBe(200);
    expect(body.message).toMatchObject({
      messageId: original.messageId,
      text: 'hello',
      editedAt: expect.any(String),
    });
    const frame = await grace.next(updated(original.messageId));
    expect(frame.message).toEqual(body.message);
    expect(await history(roomId)).toEqual([body.message]);
  });

  it('over HTTP: someone else gets 403, an unknown message 404, a malformed id or text 400', async () => {
    const roomId = await room('Edit Refusals');
    const original = await post('Ada', roomId, 'mine');
    const path = messagePath(roomId, original.messageId);
    expect(await api(cloud, 'PATCH', path, { token: token('Grace'), body: { text: 'hers?' } })).toEqual({
      status: 403,
      body: errorOf('forbidden'),
    });
    expect(
      await api(cloud, 'PATCH', messagePath(roomId, UNKNOWN_ID), {
        token: token('Ada'),
        body: { text: 'x' },
      }),
    ).toEqual({ status: 404, body: errorOf('message_not_found') });
    expect(
      (await api(cloud, 'PATCH', messagePath(roomId, 'nope'), { token: token('Ada'), body: { text: 'x' } }))
        .body,
    ).toEqual(errorOf('invalid_request'));
    expect((await api(cloud, 'PATCH', path, { token: token('Ada'), body: { text: ' ' } })).body).toEqual(
      errorOf('invalid_text'),
    );
    expect((await api(cloud, 'PATCH', path, { body: { text: 'x' } })).status).toBe(401);
    expect((await history(roomId))[0]?.text).toBe('mine');
  });

  it('over a socket: editMessage is acked, the room gets messageUpdated; someone else gets an error frame', async () => {
    const roomId = await room('Edit Socket');
    const ada = await join('Ada', roomId);
    const grace = await join('Grace', roomId);
    const original = await post('Ada', roomId, 'first try');
    ada.send({
      action: 'editMessage',
      roomId,
      messageId: original.messageId,
      text: 'second try',
      clientMessageId: 'e1',
    });
    expect(await ada.next((f) => f.type === 'ack' && f.clientMessageId === 'e1')).toMatchObject({
      messageId: original.messageId,
    });
    const frame = await grace.next(updated(original.messageId));
    expect(frame.message).toMatchObject({ text: 'second try', editedAt: expect.any(String) });
    grace.send({
      action: 'editMessage',
      roomId,
      messageId: original.messageId,
      text: 'mine',
      clientMessageId: 'e2',
    });
    expect(await grace.next((f) => f.type === 'error' && f.clientMessageId === 'e2')).toMatchObject({
      code: 'forbidden',
    });
    grace.send({ action: 'editMessage', roomId, messageId: UNKNOWN_ID, text: 'x', clientMessageId: 'e3' });
    expect(await grace.next((f) => f.type === 'error' && f.clientMessageId === 'e3')).toMatchObject({
      code: 'message_not_found',
    });
  });

  it('Pyro does not answer an edit (only MessagePosted wakes it)', async () => {
    const roomId = await room('Edit Bot');
    const original = await post('Ada', roomId, 'just a note');
    await api(cloud, 'PATCH', messagePath(roomId, original.messageId), {
      token: token('Ada'),
      body: { text: 'hi pyro' },
    });
    await cloud.eventBus.idle();
    const { body } = await api<{ messages: Message[] }>(cloud, 'GET', `/rooms/${roomId}/messages`);
    expect(body.messages.map((m) => [m.sender, m.text])).toEqual([['Ada', 'hi pyro']]);
  });
});

describe('deleting', () => {
  it('over HTTP: 204, the others get messageDeleted, history keeps a tombstone without text', async () => {
    const roomId = await room('Delete Http');
    const grace = await join('Grace', roomId);
    const original = await post('Ada', roomId, 'oops, wrong room');
    await api(cloud, 'PUT', reactionPath(roomId, original.messageId, '👍'), { token: token('Grace') });
    const path = messagePath(roomId, original.messageId);
    expect(await api(cloud, 'DELETE', path, { token: token('Grace') })).toEqual({
      status: 403,
      body: errorOf('forbidden'),
    });
    expect(await api(cloud, 'DELETE', path, { token: token('Ada') })).toEqual({ status: 204, body: null });
    expect(await grace.next(deleted(original.messageId))).toEqual({
      type: 'messageDeleted',
      roomId,
      messageId: original.messageId,
    });
    expect(await history(roomId)).toEqual([
      {
        messageId: original.messageId,
        roomId,
        sender: 'Ada',
        senderType: 'guest',
        createdAt: original.createdAt,
        deleted: true,
      },
    ]);
    // A tombstone is no message: it cannot be deleted again, edited, reacted to or answered.
    expect((await api(cloud, 'DELETE', path, { token: token('Ada') })).status).toBe(404);
    expect((await api(cloud, 'PATCH', path, { token: token('Ada'), body: { text: 'back' } })).status).toBe(
      404,
    );
    expect(
      (await api(cloud, 'PUT', reactionPath(roomId, original.messageId, '🎉'), { token: token('Grace') }))
        .body,
    ).toEqual(errorOf('message_not_found'));
    expect(
      (
        await api(cloud, 'POST', `/rooms/${roomId}/messages`, {
          token: token('Grace'),
          body: { text: 'what?', replyTo: original.messageId },
        })
      ).body,
    ).toEqual(errorOf('message_not_found'));
  });

  it('over a socket: deleteMessage reaches the room; someone else’s is refused', async () => {
    const roomId = await room('Delete Socket');
    const ada = await join('Ada', roomId);
    const grace = await join('Grace', roomId);
    const original = await post('Ada', roomId, 'take this back');
    grace.send({ action: 'deleteMessage', roomId, messageId: original.messageId, clientMessageId: 'd1' });
    expect(await grace.next((f) => f.type === 'error' && f.clientMessageId === 'd1')).toMatchObject({
      code: 'forbidden',
    });
    ada.send({ action: 'deleteMessage', roomId, messageId: original.messageId, clientMessageId: 'd2' });
    await ada.next((f) => f.type === 'ack' && f.clientMessageId === 'd2');
    await grace.next(deleted(original.messageId));
    await ada.next(deleted(original.messageId));
    expect((await history(roomId))[0]).toMatchObject({ deleted: true });
    expect((await history(roomId))[0]).not.toHaveProperty('text');
  });
});

describe('a guest name passed on', () => {
  it('the next guest of a signed-out name cannot edit or delete the messages of the one before (403)', async () => {
    const roomId = await room('Name Passed On');
    const first = await signIn(cloud, 'Lovelace');
    const posted = await api<{ message: Message }>(cloud, 'POST', `/rooms/${roomId}/messages`, {
      token: first,
      body: { text: 'mine, for good' },
    });
    expect(posted.status).toBe(201);
    const path = messagePath(roomId, posted.body.message.messageId);
    expect(await api(cloud, 'DELETE', '/sessions/current', { token: first })).toMatchObject({ status: 204 });
    // The name is free again, and a new guest takes it: a new session, not the author.
    tokens.Lovelace = await signIn(cloud, 'Lovelace');
    const forbidden = { status: 403, body: errorOf('forbidden') };
    expect(await api(cloud, 'PATCH', path, { token: token('Lovelace'), body: { text: 'now mine' } })).toEqual(
      forbidden,
    );
    expect(await api(cloud, 'DELETE', path, { token: token('Lovelace') })).toEqual(forbidden);
    const socket = await join('Lovelace', roomId);
    const messageId = posted.body.message.messageId;
    socket.send({ action: 'deleteMessage', roomId, messageId, clientMessageId: 'n1' });
    expect(await socket.next((f) => f.type === 'error' && f.clientMessageId === 'n1')).toMatchObject({
      code: 'forbidden',
    });
    expect(await history(roomId)).toEqual([posted.body.message]);
  });
});

describe('reactions', () => {
  it('over HTTP: PUT adds, DELETE removes (both idempotent), the room gets messageUpdated', async () => {
    const roomId = await room('React Http');
    const ren = await join('Ren', roomId);
    const original = await post('Ren', roomId, 'lunch?');
    const put = await api<{ message: Message }>(
      cloud,
      'PUT',
      reactionPath(roomId, original.messageId, '👍'),
      {
        token: token('Rosa'),
      },
    );
    expect(put).toMatchObject({ status: 200, body: { message: { reactions: { '👍': ['Rosa'] } } } });
    expect((await ren.next(updated(original.messageId))).message).toMatchObject({
      reactions: { '👍': ['Rosa'] },
    });
    const again = await api<{ message: Message }>(
      cloud,
      'PUT',
      reactionPath(roomId, original.messageId, '👍'),
      {
        token: token('Rosa'),
      },
    );
    expect(again.body.message.reactions).toEqual({ '👍': ['Rosa'] });
    await api(cloud, 'PUT', reactionPath(roomId, original.messageId, '👍'), { token: token('Ren') });
    const removed = await api<{ message: Message }>(
      cloud,
      'DELETE',
      reactionPath(roomId, original.messageId, '👍'),
      {
        token: token('Rosa'),
      },
    );
    expect(removed.body.message.reactions).toEqual({ '👍': ['Ren'] });
    expect((await history(roomId))[0]?.reactions).toEqual({ '👍': ['Ren'] });
  });

  it('over HTTP: a bad emoji is 400 invalid_emoji, an unknown message 404', async () => {
    const roomId = await room('React Refusals');
    const original = await post('Rick', roomId, 'x');
    for (const emoji of ['lol', '👍👍', '❤']) {
      expect(
        (await api(cloud, 'PUT', reactionPath(roomId, original.messageId, emoji), { token: token('Rick') }))
          .body,
      ).toEqual(errorOf('invalid_emoji'));
    }
    expect(
      (await api(cloud, 'DELETE', reactionPath(roomId, UNKNOWN_ID, '👍'), { token: token('Rick') })).status,
    ).toBe(404);
  });

  it('over a socket: react toggles, the room sees each change; a bad emoji is an error frame', async () => {
    const roomId = await room('React Socket');
    const ruth = await join('Ruth', roomId);
    const rudy = await join('Rudy', roomId);
    const original = await post('Ruth', roomId, 'ship it');
    rudy.send({ action: 'react', roomId, messageId: original.messageId, emoji: '🎉' });
    expect((await ruth.next(updated(original.messageId))).message).toMatchObject({
      reactions: { '🎉': ['Rudy'] },
    });
    rudy.send({ action: 'react', roomId, messageId: original.messageId, emoji: '🎉' });
    expect((await ruth.next(updated(original.messageId))).message).not.toHaveProperty('reactions');
    rudy.send({
      action: 'react',
      roomId,
      messageId: original.messageId,
      emoji: 'yay',
      clientMessageId: 'r1',
    });
    expect(await rudy.next((f) => f.type === 'error' && f.clientMessageId === 'r1')).toMatchObject({
      code: 'invalid_emoji',
    });
  });
});

describe('replies and mentions', () => {
  it('over HTTP: a reply quotes the message it answers; an unknown one is 404', async () => {
    const roomId = await room('Replies Http');
    const original = await post('Ada', roomId, 'who is coming\n   to the meetup?');
    const reply = await post('Grace', roomId, 'me!', original.messageId);
    expect(reply.replyTo).toEqual({
      messageId: original.messageId,
      sender: 'Ada',
      excerpt: 'who is coming to the meetup?',
    });
    expect((await history(roomId))[1]?.replyTo).toEqual(reply.replyTo);
    const other = await room('Replies Elsewhere');
    expect(
      (
        await api(cloud, 'POST', `/rooms/${other}/messages`, {
          token: token('Grace'),
          body: { text: 'me too', replyTo: original.messageId },
        })
      ).body,
    ).toEqual(errorOf('message_not_found'));
  });

  it('over a socket: sendMessage with replyTo, and @names of people in the room become mentions', async () => {
    const roomId = await room('Replies Socket');
    const ada = await join('Ada', roomId);
    const grace = await join('Grace', roomId);
    const original = await post('Ada', roomId, 'anyone?');
    grace.send({
      action: 'sendMessage',
      roomId,
      text: '@ada yes, and @nobody',
      replyTo: original.messageId,
      clientMessageId: 's1',
    });
    await grace.next((f) => f.type === 'ack' && f.clientMessageId === 's1');
    const frame = await ada.next((f) => f.type === 'message' && (f.message as Message).sender === 'Grace');
    expect(frame.message).toMatchObject({
      replyTo: { messageId: original.messageId, sender: 'Ada', excerpt: 'anyone?' },
      mentions: ['Ada'],
    });
    grace.send({ action: 'sendMessage', roomId, text: 'hm', replyTo: UNKNOWN_ID, clientMessageId: 's2' });
    expect(await grace.next((f) => f.type === 'error' && f.clientMessageId === 's2')).toMatchObject({
      code: 'message_not_found',
    });
  });
});

describe('unread counts', () => {
  const countsOf = async (name: string, roomId: string) => {
    const { status, body } = await api<{ rooms: { roomId: string; unread?: number; mentions?: number }[] }>(
      cloud,
      'GET',
      '/rooms?limit=100',
      { token: token(name) },
    );
    expect(status).toBe(200);
    const found = body.rooms.find((r) => r.roomId === roomId);
    return { unread: found?.unread, mentions: found?.mentions };
  };

  it('count what others posted after the read marker, and clear with markRead (HTTP and socket)', async () => {
    const roomId = await room('Unread');
    // Grace has spoken in the room, so "@Grace" mentions her; her own message is not unread for her.
    await post('Grace', roomId, 'hello, I am here');
    const first = await post('Ada', roomId, 'one');
    await post('Ada', roomId, 'two @Grace');
    await post('Ada', roomId, 'three');
    expect(await countsOf('Grace', roomId)).toEqual({ unread: 3, mentions: 1 });
    expect(
      await api(cloud, 'POST', `/rooms/${roomId}/read`, {
        token: token('Grace'),
        body: { messageId: first.messageId },
      }),
    ).toEqual({ status: 204, body: null });
    expect(await countsOf('Grace', roomId)).toEqual({ unread: 2, mentions: 1 });
    // Joining makes Pyro welcome her (a message too): read up to the newest, whatever it is.
    const socket = await join('Grace', roomId);
    await cloud.eventBus.idle();
    const newest = (
      await api<{ messages: Message[] }>(cloud, 'GET', `/rooms/${roomId}/messages`)
    ).body.messages.at(-1);
    socket.send({ action: 'markRead', roomId, messageId: newest?.messageId, clientMessageId: 'm1' });
    await socket.next((f) => f.type === 'ack' && f.clientMessageId === 'm1');
    expect(await countsOf('Grace', roomId)).toEqual({ unread: 0, mentions: 0 });
    // The marker only moves forward.
    await api(cloud, 'POST', `/rooms/${roomId}/read`, {
      token: token('Grace'),
      body: { messageId: first.messageId },
    });
    expect(await countsOf('Grace', roomId)).toEqual({ unread: 0, mentions: 0 });
  });

  it('are absent without a token; a bad token is 401; markRead on an unknown room is 404', async () => {
    const { body } = await api<{ rooms: Record<string, unknown>[] }>(cloud, 'GET', '/rooms');
    expect(body.rooms[0]).not.toHaveProperty('unread');
    expect((await api(cloud, 'GET', '/rooms', { token: 'forged.token' })).status).toBe(401);
    expect(
      await api(cloud, 'POST', '/rooms/no-such-room/read', {
        token: token('Ada'),
        body: { messageId: UNKNOWN_ID },
      }),
    ).toEqual({ status: 404, body: errorOf('room_not_found') });
  });
});
