import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, TOKEN_SECRET_ARN } from '../../infra/local/cloud';
import { localCredentials } from '../../infra/local/types';
import { usageLimits } from '../../infra/spec';
import { issueToken } from '../../lambdas/core/tokens';
import {
  api,
  ChatClient,
  type Frame,
  ofType,
  presenceWith,
  presenceWithout,
  signIn,
  startTestCloud,
  tableClient,
} from './harness';

let cloud: LocalCloud;
const clients: ChatClient[] = [];

async function join(name: string, roomId = 'lobby'): Promise<ChatClient> {
  const client = await ChatClient.connect(cloud, await signIn(cloud, name), roomId);
  clients.push(client);
  return client;
}

/** Chat messages from people (Pyro welcomes everyone who joins; these tests are about people). */
const personMessage = (f: Frame) =>
  f.type === 'message' && (f.message as { sender: string }).sender !== 'Pyro';

const messageFrom = (sender: string, text?: string) => (f: Frame) =>
  f.type === 'message' &&
  (f.message as { sender: string }).sender === sender &&
  (text === undefined || (f.message as { text: string }).text === text);

beforeAll(async () => {
  cloud = await startTestCloud();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cloud?.stop();
});

describe('chat in the local cloud', () => {
  it('lets two people in a room see each other’s messages in order, and history returns them', async () => {
    await api(cloud, 'POST', '/rooms', { token: await signIn(cloud, 'setup'), body: { name: 'Order Room' } });
    const ann = await join('ann', 'order-room');
    const ben = await join('ben', 'order-room');
    for (let i = 1; i <= 3; i++) {
      ann.send({ action: 'sendMessage', roomId: 'order-room', text: `ann ${i}`, clientMessageId: `a${i}` });
      await ann.next((f) => f.type === 'ack' && f.clientMessageId === `a${i}`);
      ben.send({ action: 'sendMessage', roomId: 'order-room', text: `ben ${i}`, clientMessageId: `b${i}` });
      await ben.next((f) => f.type === 'ack' && f.clientMessageId === `b${i}`);
    }
    const expected = ['ann 1', 'ben 1', 'ann 2', 'ben 2', 'ann 3', 'ben 3'];
    for (const client of [ann, ben]) {
      const seen: string[] = [];
      for (let i = 0; i < expected.length; i++) {
        const frame = await client.next(personMessage);
        seen.push((frame.message as { text: string }).text);
      }
      expect(seen).toEqual(expected);
    }
    const history = await api<{ messages: Array<{ text: string; sender: string }> }>(
      cloud,
      'GET',
      '/rooms/order-room/messages',
    );
    expect(history.status).toBe(200);
    const people = history.body.messages.filter((m) => m.sender !== 'Pyro');
    expect(people.map((m) => m.text)).toEqual(expected);
    expect(people[0]?.sender).toBe('ann');
  });

  it('pages history with limit, before and after cursors', async () => {
    const token = await signIn(cloud, 'pager');
    await api(cloud, 'POST', '/rooms', { token, body: { name: 'Pages' } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api<{ message: { messageId: string } }>(cloud, 'POST', '/rooms/pages/messages', {
        token,
        body: { text: `page ${i}` },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.message.messageId);
      await new Promise((r) => setTimeout(r, 1100)); // stay under the send rate limit
    }
    type Page = { messages: Array<{ messageId: string; text: string }>; next: string | null };
    const newest = await api<Page>(cloud, 'GET', '/rooms/pages/messages?limit=2');
    expect(newest.body.messages.map((m) => m.text)).toEqual(['page 3', 'page 4']);
    expect(newest.body.next).toBe(ids[3]);
    const older = await api<Page>(cloud, 'GET', `/rooms/pages/messages?limit=2&before=${newest.body.next}`);
    expect(older.body.messages.map((m) => m.text)).toEqual(['page 1', 'page 2']);
    const after = await api<Page>(cloud, 'GET', `/rooms/pages/messages?limit=3&after=${ids[0]}`);
    expect(after.body.messages.map((m) => m.text)).toEqual(['page 1', 'page 2', 'page 3']);
    expect(after.body.next).toBe(ids[3]);
    const rest = await api<Page>(cloud, 'GET', `/rooms/pages/messages?limit=3&after=${after.body.next}`);
    expect(rest.body.messages.map((m) => m.text)).toEqual(['page 4']);
    expect(rest.body.next).toBeNull();
  }, 20_000);

  it('never returns an expired message, even before DynamoDB deletes it', async () => {
    const doc = tableClient(cloud);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const messageId = `${String(Date.now() - 60_000).padStart(13, '0')}-deadbeef00`;
    await doc.send(
      new PutCommand({
        TableName: cloud.tableName,
        Item: {
          pk: 'ROOM#lobby',
          sk: `MSG#${messageId}`,
          messageId,
          roomId: 'lobby',
          sender: 'ghost',
          text: 'expired',
          createdAt: new Date().toISOString(),
          expiresAt: nowSeconds - 10,
        },
      }),
    );
    const history = await api<{ messages: Array<{ messageId: string }> }>(
      cloud,
      'GET',
      '/rooms/lobby/messages',
    );
    expect(history.body.messages.map((m) => m.messageId)).not.toContain(messageId);
  });

  it('sends presence on join and leave, and typing to the others only', async () => {
    const token = await signIn(cloud, 'host');
    await api(cloud, 'POST', '/rooms', { token, body: { name: 'Presence' } });
    const cat = await join('cat', 'presence');
    const dan = await join('dan', 'presence');
    const joined = await cat.next(presenceWith('dan'));
    expect(joined).toMatchObject({ roomId: 'presence', count: 2 });
    await cloud.presence.idle();
    const members = await api(cloud, 'GET', '/rooms/presence/members');
    expect(members.body).toEqual({ roomId: 'presence', members: ['cat', 'dan'], count: 2, next: null });

    dan.send({ action: 'typing', roomId: 'presence' });
    expect(await cat.next(ofType('typing'))).toEqual({ type: 'typing', roomId: 'presence', name: 'dan' });

    await dan.close();
    const left = await cat.next(presenceWithout('dan'));
    expect(left).toEqual({ type: 'presenceChange', roomId: 'presence', joined: [], left: ['dan'], count: 1 });
    expect(dan.frames.filter((f) => f.type === 'typing')).toEqual([]);
  });

  it('moves a socket to another room with joinRoom', async () => {
    const token = await signIn(cloud, 'mover');
    await api(cloud, 'POST', '/rooms', { token, body: { name: 'Elsewhere' } });
    const eve = await join('eve');
    const fay = await join('fay');
    fay.send({ action: 'joinRoom', roomId: 'elsewhere' });
    await fay.next((f) => f.type === 'presence' && f.roomId === 'elsewhere');
    eve.send({ action: 'sendMessage', roomId: 'lobby', text: 'anyone?', clientMessageId: 'e1' });
    await eve.next(ofType('ack'));
    fay.send({ action: 'sendMessage', roomId: 'elsewhere', text: 'over here', clientMessageId: 'f1' });
    await fay.next(messageFrom('fay', 'over here'));
    await expect(fay.next(messageFrom('eve', 'anyone?'), 500)).rejects.toThrow(/no matching frame/);
    expect(eve.frames.some(messageFrom('fay', 'over here'))).toBe(false);
  });

  it('reports every dependency healthy on /health/deep, with when it checked and nothing secret', async () => {
    const deep = await api<{
      status: string;
      version: string;
      checkedAt: string;
      checks: Record<string, { ok: boolean; latencyMs: number }>;
    }>(cloud, 'GET', '/health/deep');
    expect(deep.status).toBe(200);
    expect(deep.body.status).toBe('ok');
    expect(Object.keys(deep.body.checks).sort()).toEqual(['bot', 'bus', 'sockets', 'table']);
    for (const check of Object.values(deep.body.checks)) {
      expect(check.ok).toBe(true);
      expect(check.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(new Date(deep.body.checkedAt).toISOString()).toBe(deep.body.checkedAt);
    expect(JSON.stringify(deep.body)).not.toMatch(/arn:aws|secret|token/i);
  });

  it('answers ping with pong', async () => {
    const gil = await join('gil');
    gil.send({ action: 'ping' });
    expect(await gil.next(ofType('pong'))).toEqual({ type: 'pong' });
  });

  it('cleans up a socket that vanished without $disconnect on the next fan-out', async () => {
    const token = await signIn(cloud, 'janitor');
    await api(cloud, 'POST', '/rooms', { token, body: { name: 'Stale' } });
    // As if API Gateway dropped the socket and `$disconnect` never ran: a record with no live socket.
    const staleId = 'StaleConnId0000=';
    const longAgo = new Date(Date.now() - 60_000).toISOString();
    await tableClient(cloud).send(
      new PutCommand({
        TableName: cloud.tableName,
        Item: {
          pk: `CONN#${staleId}`,
          sk: 'CONN',
          roomPk: 'CONNS#stale',
          roomSk: staleId,
          connectionId: staleId,
          roomId: 'stale',
          name: 'zombie',
          connectedAt: longAgo,
          expiresAt: Math.floor(Date.now() / 1000) + 3600,
        },
      }),
    );
    // The members come from the table's stream (core/presence-stream.ts): read once it has been handed on.
    await cloud.presence.idle();
    expect((await api(cloud, 'GET', '/rooms/stale/members')).body.members).toContain('zombie');
    const hal = await join('hal', 'stale');
    hal.send({ action: 'sendMessage', roomId: 'stale', text: 'still there?', clientMessageId: 'h1' });
    await hal.next(messageFrom('hal', 'still there?'));
    // The fan-out deletes the record beside its posts, which may finish after hal's: wait for the stream to say so.
    let members: unknown;
    for (let i = 0; i < 50; i++) {
      await cloud.presence.idle();
      members = (await api(cloud, 'GET', '/rooms/stale/members')).body.members;
      if (JSON.stringify(members) === '["hal"]') break;
    }
    expect(members).toEqual(['hal']);
  });

  it('loses nothing it acknowledged: every acked message is in history and reached every socket', async () => {
    const token = await signIn(cloud, 'counter');
    await api(cloud, 'POST', '/rooms', { token, body: { name: 'Ledger' } });
    const senders = await Promise.all(['s1', 's2', 's3'].map((n) => join(n, 'ledger')));
    const listener = await join('listener', 'ledger');
    const acked: string[] = [];
    // Each sends a guest's burst at once (the next would be refused as too fast).
    const burst = Number(usageLimits.LIMIT_MESSAGE_BURST_GUEST);
    await Promise.all(
      senders.map(async (client, s) => {
        for (let i = 0; i < burst; i++) {
          client.send({
            action: 'sendMessage',
            roomId: 'ledger',
            text: `m${s}-${i}`,
            clientMessageId: `${s}-${i}`,
          });
          const ack = await client.next((f) => f.type === 'ack' && f.clientMessageId === `${s}-${i}`);
          acked.push(ack.messageId as string);
        }
      }),
    );
    const history = await api<{ messages: Array<{ messageId: string; sender: string }> }>(
      cloud,
      'GET',
      '/rooms/ledger/messages',
    );
    const people = history.body.messages.filter((m) => m.sender !== 'Pyro');
    expect(people.map((m) => m.messageId).sort()).toEqual([...acked].sort());
    for (const client of [...senders, listener]) {
      const received: string[] = [];
      for (let i = 0; i < acked.length; i++) {
        received.push(((await client.next(personMessage)).message as { messageId: string }).messageId);
      }
      expect(received.sort()).toEqual([...acked].sort());
    }
  });

  it('gives every bad input its clear error, and keeps serving', async () => {
    const token = await signIn(cloud, 'tester');
    const error = (status: number, code: string) => ({
      status,
      body: { error: { code, message: expect.any(String) } },
    });
    expect(await api(cloud, 'POST', '/sessions', { body: { name: '' } })).toEqual(error(400, 'invalid_name'));
    expect(await api(cloud, 'POST', '/sessions', { body: { name: 'x'.repeat(33) } })).toEqual(
      error(400, 'invalid_name'),
    );
    expect(await api(cloud, 'POST', '/sessions', { body: { name: 'PYRO' } })).toEqual(
      error(409, 'name_reserved'),
    );
    expect(await api(cloud, 'POST', '/sessions', { rawBody: '{"name":' })).toEqual(
      error(400, 'invalid_json'),
    );
    expect(await api(cloud, 'POST', '/rooms/lobby/messages', { body: { text: 'hi' } })).toEqual(
      error(401, 'unauthorized'),
    );
    expect(
      await api(cloud, 'POST', '/rooms/lobby/messages', { token: `${token}x`, body: { text: 'hi' } }),
    ).toEqual(error(401, 'unauthorized'));
    expect(
      await api(cloud, 'POST', '/rooms/lobby/messages', { token, body: { text: 'x'.repeat(2001) } }),
    ).toEqual(error(400, 'invalid_text'));
    expect(await api(cloud, 'POST', '/rooms/no-such-room/messages', { token, body: { text: 'hi' } })).toEqual(
      error(404, 'room_not_found'),
    );
    expect(await api(cloud, 'GET', '/rooms/no-such-room/messages')).toEqual(error(404, 'room_not_found'));
    expect(await api(cloud, 'GET', '/rooms/lobby/messages?limit=0')).toEqual(error(400, 'invalid_request'));
    expect(await api(cloud, 'GET', '/rooms/lobby/messages?before=nonsense')).toEqual(
      error(400, 'invalid_cursor'),
    );
    expect(await api(cloud, 'POST', '/rooms', { token, body: { name: 'Lobby' } })).toEqual(
      error(409, 'room_exists'),
    );

    // An expired token, signed with the real key (read from the local Secrets Manager as a function would).
    const secrets = new SecretsManagerClient({
      endpoint: cloud.clientEnvironment.AWS_ENDPOINT_URL_SECRETS_MANAGER,
      region: localCredentials.region,
      credentials: localCredentials,
    });
    const key =
      (await secrets.send(new GetSecretValueCommand({ SecretId: TOKEN_SECRET_ARN }))).SecretString ?? '';
    const expired = issueToken(key, 'old-timer', Date.now() - 13 * 60 * 60 * 1000).token;
    expect(
      await api(cloud, 'POST', '/rooms/lobby/messages', { token: expired, body: { text: 'hi' } }),
    ).toEqual(error(401, 'token_expired'));
    await expect(ChatClient.connect(cloud, expired)).rejects.toThrow(/handshake refused: 401/);
    await expect(ChatClient.connect(cloud, 'garbage')).rejects.toThrow(/handshake refused: 401/);
    await expect(ChatClient.connect(cloud, token, 'no-such-room')).rejects.toThrow(/handshake refused: 404/);

    const ivy = await join('ivy');
    ivy.send('this is not json');
    expect(await ivy.next(ofType('error'))).toMatchObject({ code: 'invalid_json' });
    ivy.send({ action: 'dance' });
    expect(await ivy.next(ofType('error'))).toMatchObject({ code: 'unknown_action' });
    ivy.send({ action: 'sendMessage', roomId: 'no-such-room', text: 'hi', clientMessageId: 'r1' });
    expect(await ivy.next(ofType('error'))).toMatchObject({ code: 'room_not_found', clientMessageId: 'r1' });
    ivy.send({ action: 'sendMessage', roomId: 'lobby', text: '   ', clientMessageId: 'r2' });
    expect(await ivy.next(ofType('error'))).toMatchObject({ code: 'invalid_text', clientMessageId: 'r2' });
    ivy.send({ action: 'joinRoom', roomId: 'Not A Slug!' });
    expect(await ivy.next(ofType('error'))).toMatchObject({ code: 'invalid_room' });

    // The rate limit: a guest's burst of 3 (an account's 5), then about one a second, said clearly on the socket
    // and over HTTP.
    for (let i = 0; i < 12; i++) {
      ivy.send({ action: 'sendMessage', roomId: 'lobby', text: `burst ${i}`, clientMessageId: `burst-${i}` });
    }
    const limited = await ivy.next((f) => f.type === 'error' && f.code === 'rate_limited');
    expect(limited.message).toMatch(/too fast/);
    const tokenKit = await signIn(cloud, 'kit');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api(cloud, 'POST', '/rooms/lobby/messages', { token: tokenKit, body: { text: `flood ${i}` } }),
      ),
    );
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(
      Number(usageLimits.LIMIT_MESSAGE_BURST_GUEST),
    );
    expect(answers.filter((a) => a.status === 429)).toContainEqual(error(429, 'rate_limited'));

    // Still serving.
    const jo = await join('jo');
    jo.send({ action: 'sendMessage', roomId: 'lobby', text: 'all good?', clientMessageId: 'ok' });
    expect(await jo.next((f) => f.type === 'ack' && f.clientMessageId === 'ok')).toMatchObject({
      type: 'ack',
    });
    expect((await api(cloud, 'GET', '/health')).status).toBe(200);
  });
});
