/**
 * Issue 16, moderation, against the local cloud with accounts from its Cognito emulator and an admin named in the
 * deployment's settings (LocalCloudOptions.admins, as CHATTY_ADMINS and `-c admins=`): owners and moderators delete
 * anyone's message, remove a person (their socket gets `removed`, moves to the lobby, and may not come back while the
 * removal holds) and mute one (posting refused with 403 `muted` until the time runs out); every action is logged
 * and the log is for moderators only; admins moderate public rooms and the lobby but never see private rooms.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { Accounts } from './account-helper';
import { api, ChatClient, type Frame, ofType, signIn, startTestCloud, tableClient } from './harness';

let cloud: LocalCloud;
let accounts: Accounts;
const tokens = new Map<string, string>();
const ROOM = 'town-square';

/** The person's access token (or guest token). */
function tok(name: string): string {
  const t = tokens.get(name);
  if (!t) throw new Error(`no token for ${name}`);
  return t;
}

const errorOf = (code: string) => ({ error: { code, message: expect.any(String) } });
const sanctioned = (code: 'muted' | 'removed') => ({
  error: { code, message: expect.any(String), until: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
});
const said = (text: string) => (f: Frame) => f.type === 'message' && JSON.stringify(f).includes(text);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts over HTTP, waiting out the sending allowance (a guest's burst is 3, then one a second): these tests are
 * about what moderators do, and a refused post takes from the allowance as an accepted one does.
 */
async function post(who: string, text: string, roomId = ROOM) {
  for (let attempt = 0; ; attempt++) {
    const answer = await api<{ message: { messageId: string } }>(cloud, 'POST', `/rooms/${roomId}/messages`, {
      token: tok(who),
      body: { text },
    });
    if (answer.status !== 429 || attempt === 5) return answer;
    await pause(1100);
  }
}

/** Sends a frame with a clientMessageId and returns its ack or error, waiting out the sending allowance as post does. */
async function sent(
  client: ChatClient,
  frame: Record<string, unknown> & { clientMessageId: string },
): Promise<Frame> {
  for (let attempt = 0; ; attempt++) {
    client.send(frame);
    const answer = await client.next(
      (f) => (f.type === 'ack' || f.type === 'error') && f.clientMessageId === frame.clientMessageId,
    );
    if (answer.code !== 'rate_limited' || attempt === 5) return answer;
    await pause(1100);
  }
}

beforeAll(async () => {
  cloud = await startTestCloud({ admins: 'root' });
  accounts = new Accounts(cloud);
  for (const name of ['ada', 'bob', 'carol', 'root']) tokens.set(name, await accounts.create(name));
  tokens.set('mallory', await signIn(cloud, 'Mallory'));
  expect(
    (await api(cloud, 'POST', '/rooms', { token: tok('ada'), body: { name: 'Town Square' } })).body,
  ).toMatchObject({ room: { roomId: ROOM, visibility: 'public', owner: 'ada' } });
  expect(
    (
      await api(cloud, 'PUT', `/rooms/${ROOM}/members/bob`, {
        token: tok('ada'),
        body: { role: 'moderator' },
      })
    ).status,
  ).toBe(200);
}, 60_000);

afterAll(async () => {
  accounts?.destroy();
  await cloud?.stop();
});

describe('deleting', () => {
  it('owners and moderators delete anyone’s message, over HTTP and the socket; others only their own', async () => {
    const first = (await post('mallory', 'buy cheap watches')).body.message.messageId;
    const second = (await post('mallory', 'more cheap watches')).body.message.messageId;
    const adas = (await post('ada', 'welcome all')).body.message.messageId;
    expect(await api(cloud, 'DELETE', `/rooms/${ROOM}/messages/${adas}`, { token: tok('mallory') })).toEqual({
      status: 403,
      body: errorOf('forbidden'),
    });
    expect(await api(cloud, 'DELETE', `/rooms/${ROOM}/messages/${adas}`, { token: tok('carol') })).toEqual({
      status: 403,
      body: errorOf('forbidden'),
    });
    const watcher = await ChatClient.connect(cloud, tok('carol'), ROOM);
    const bob = await ChatClient.connect(cloud, tok('bob'), ROOM);
    try {
      expect(await api(cloud, 'DELETE', `/rooms/${ROOM}/messages/${first}`, { token: tok('ada') })).toEqual({
        status: 204,
        body: null,
      });
      bob.send({ action: 'deleteMessage', roomId: ROOM, messageId: second, clientMessageId: 'del-1' });
      expect(await bob.next(ofType('ack'))).toMatchObject({ clientMessageId: 'del-1', messageId: second });
      for (const messageId of [first, second]) {
        expect(await watcher.next((f) => f.type === 'messageDeleted' && f.messageId === messageId)).toEqual({
          type: 'messageDeleted',
          roomId: ROOM,
          messageId,
        });
      }
    } finally {
      await Promise.all([watcher.close(), bob.close()]);
    }
    const history = await api<{ messages: Record<string, unknown>[] }>(
      cloud,
      'GET',
      `/rooms/${ROOM}/messages`,
    );
    for (const messageId of [first, second]) {
      expect(history.body.messages.find((m) => m.messageId === messageId)).toMatchObject({ deleted: true });
    }
  });
});

describe('removing', () => {
  it('sends the person’s socket `removed`, moves it to the lobby, and keeps them out while it holds', async () => {
    const mallory = await ChatClient.connect(cloud, tok('mallory'), ROOM);
    try {
      const removed = await api(cloud, 'POST', `/rooms/${ROOM}/removals`, {
        token: tok('bob'),
        body: { name: 'Mallory', minutes: 30, reason: 'spam' },
      });
      expect(removed).toMatchObject({
        status: 201,
        body: {
          sanction: {
            roomId: ROOM,
            name: 'Mallory',
            kind: 'removal',
            reason: 'spam',
            until: expect.any(String),
          },
        },
      });
      expect(await mallory.next(ofType('removed'))).toEqual({
        type: 'removed',
        roomId: ROOM,
        reason: 'spam',
        until: (removed.body as { sanction: { until: string } }).sanction.until,
      });
      // In the lobby now: a message there is fine, the room refuses.
      expect(
        await sent(mallory, {
          action: 'sendMessage',
          roomId: 'lobby',
          text: 'hello lobby',
          clientMessageId: 'm1',
        }),
      ).toMatchObject({ type: 'ack' });
      mallory.send({ action: 'joinRoom', roomId: ROOM });
      expect(await mallory.next(ofType('error'))).toMatchObject({
        code: 'removed',
        until: expect.any(String),
      });
      expect(
        await sent(mallory, {
          action: 'sendMessage',
          roomId: ROOM,
          text: 'let me back',
          clientMessageId: 'm2',
        }),
      ).toMatchObject({ type: 'error', code: 'removed', clientMessageId: 'm2' });
      expect(await post('mallory', 'over http then')).toEqual({ status: 403, body: sanctioned('removed') });
      await expect(ChatClient.connect(cloud, tok('mallory'), ROOM)).rejects.toThrow('handshake refused: 403');
      // Lifted early: back in.
      expect(
        (await api(cloud, 'DELETE', `/rooms/${ROOM}/removals/Mallory`, { token: tok('ada') })).status,
      ).toBe(204);
      mallory.send({ action: 'joinRoom', roomId: ROOM });
      await mallory.next((f) => f.type === 'presence' && f.roomId === ROOM);
      expect((await post('mallory', 'sorry')).status).toBe(201);
    } finally {
      await mallory.close();
    }
  });

  it('is refused on the owner, and on a moderator unless the owner acts', async () => {
    expect(
      await api(cloud, 'POST', `/rooms/${ROOM}/removals`, { token: tok('bob'), body: { name: 'ada' } }),
    ).toMatchObject({ status: 403, body: errorOf('forbidden') });
    expect(
      await api(cloud, 'POST', `/rooms/${ROOM}/mutes`, { token: tok('carol'), body: { name: 'Mallory' } }),
    ).toMatchObject({ status: 403, body: errorOf('forbidden') });
    expect(
      await api(cloud, 'POST', `/rooms/${ROOM}/mutes`, {
        token: tok('ada'),
        body: { name: 'Mallory', minutes: 0 },
      }),
    ).toMatchObject({ status: 400, body: errorOf('invalid_request') });
  });
});

describe('muting', () => {
  it('refuses the person’s posts with 403 muted and when, over both transports, until the time runs out', async () => {
    const muted = await api(cloud, 'POST', `/rooms/${ROOM}/mutes`, {
      token: tok('ada'),
      body: { name: 'Mallory', minutes: 5 },
    });
    expect(muted).toMatchObject({ status: 201, body: { sanction: { kind: 'mute', name: 'Mallory' } } });
    expect(await post('mallory', 'can I talk?')).toEqual({ status: 403, body: sanctioned('muted') });
    const mallory = await ChatClient.connect(cloud, tok('mallory'), ROOM);
    try {
      expect(
        await sent(mallory, {
          action: 'sendMessage',
          roomId: ROOM,
          text: 'still muted?',
          clientMessageId: 'mu1',
        }),
      ).toMatchObject({ type: 'error', code: 'muted', clientMessageId: 'mu1' });
      // Reading still works.
      expect((await api(cloud, 'GET', `/rooms/${ROOM}/messages`, { token: tok('mallory') })).status).toBe(
        200,
      );
      // The mute runs out: its end moved to two seconds from now, straight in the table (a minute is the least a
      // moderator can choose).
      const until = Math.floor(Date.now() / 1000) + 2;
      await tableClient(cloud).send(
        new UpdateCommand({
          TableName: cloud.tableName,
          Key: { pk: `ACCESS#${ROOM}`, sk: 'SANCTION#rnallory' },
          UpdateExpression: 'SET muteUntil = :until',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':until': until },
        }),
      );
      await pause(3000);
      expect(
        await sent(mallory, {
          action: 'sendMessage',
          roomId: ROOM,
          text: 'free again',
          clientMessageId: 'mu2',
        }),
      ).toMatchObject({ type: 'ack', clientMessageId: 'mu2' });
      await mallory.next(said('free again'));
    } finally {
      await mallory.close();
    }
  });

  it('ends early when a moderator unmutes', async () => {
    await api(cloud, 'POST', `/rooms/${ROOM}/mutes`, { token: tok('bob'), body: { name: 'Mallory' } });
    expect((await post('mallory', 'again?')).status).toBe(403);
    expect(await api(cloud, 'DELETE', `/rooms/${ROOM}/mutes/Mallory`, { token: tok('bob') })).toEqual({
      status: 204,
      body: null,
    });
    expect((await post('mallory', 'thank you')).status).toBe(201);
  });
});

describe('the moderation log', () => {
  it('records who did what to whom, newest first, for the room’s moderators only', async () => {
    const log = await api<{ entries: Record<string, unknown>[] }>(cloud, 'GET', `/rooms/${ROOM}/moderation`, {
      token: tok('bob'),
    });
    expect(log.status).toBe(200);
    const actions = log.body.entries.map((e) => `${e.actor} ${e.action} ${e.target ?? ''}`.trim());
    expect(actions).toEqual([
      'bob unmute Mallory',
      'bob mute Mallory',
      'ada mute Mallory',
      'ada unremove Mallory',
      'bob remove Mallory',
      'bob deleteMessage Mallory',
      'ada deleteMessage Mallory',
      'ada addMember bob',
    ]);
    expect(log.body.entries[4]).toMatchObject({
      reason: 'spam',
      until: expect.any(String),
      at: expect.any(String),
    });
    expect(log.body.entries[5]).toMatchObject({ messageId: expect.any(String) });
    for (const who of ['carol', 'mallory']) {
      expect(await api(cloud, 'GET', `/rooms/${ROOM}/moderation`, { token: tok(who) })).toEqual({
        status: 403,
        body: errorOf('forbidden'),
      });
    }
    const page = await api<{ entries: unknown[]; next: string | null }>(
      cloud,
      'GET',
      `/rooms/${ROOM}/moderation?limit=3`,
      { token: tok('ada') },
    );
    expect(page.body.entries).toHaveLength(3);
    const rest = await api<{ entries: unknown[]; next: string | null }>(
      cloud,
      'GET',
      `/rooms/${ROOM}/moderation?limit=100&next=${encodeURIComponent(page.body.next ?? '')}`,
      { token: tok('ada') },
    );
    expect(rest.body.entries).toHaveLength(5);
  });
});

describe('admins from the settings', () => {
  it('moderate the lobby and every public room, are listed as such, and never see a private room', async () => {
    const roles = await api<{ admins: string[] }>(cloud, 'GET', `/rooms/${ROOM}/roles`);
    expect(roles.body.admins).toEqual(['root']);
    expect(
      await api(cloud, 'POST', '/rooms/lobby/mutes', { token: tok('ada'), body: { name: 'Mallory' } }),
    ).toMatchObject({ status: 403 });
    expect(
      await api(cloud, 'POST', '/rooms/lobby/mutes', {
        token: tok('root'),
        body: { name: 'Mallory', minutes: 1 },
      }),
    ).toMatchObject({ status: 201 });
    expect((await post('mallory', 'lobby?', 'lobby')).body).toEqual(sanctioned('muted'));
    expect((await api(cloud, 'DELETE', '/rooms/lobby/mutes/Mallory', { token: tok('root') })).status).toBe(
      204,
    );
    const adas = (await post('ada', 'an owner’s word')).body.message.messageId;
    expect(
      (await api(cloud, 'DELETE', `/rooms/${ROOM}/messages/${adas}`, { token: tok('root') })).status,
    ).toBe(204);
    expect((await api(cloud, 'GET', '/rooms/lobby/moderation', { token: tok('root') })).status).toBe(200);
    // Not a private room's: there an admin is anyone else.
    await api(cloud, 'POST', '/rooms', {
      token: tok('ada'),
      body: { name: 'Ada Only', visibility: 'private' },
    });
    expect(await api(cloud, 'GET', '/rooms/ada-only/messages', { token: tok('root') })).toMatchObject({
      status: 404,
      body: errorOf('room_not_found'),
    });
    expect(
      await api(cloud, 'POST', '/rooms/ada-only/mutes', { token: tok('root'), body: { name: 'ada' } }),
    ).toMatchObject({ status: 404 });
  });
});
