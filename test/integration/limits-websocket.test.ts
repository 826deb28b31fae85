import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { Accounts } from './account-helper';
import { api, ChatClient, type Frame, ofType, signIn, startTestCloud, tableClient } from './harness';

/**
 * The WebSocket limits against the local cloud, with small numbers so the tests reach them at once: under each
 * limit everything works; past it `$connect` is refused with 429, `joinRoom` gets a `rate_limited` error frame,
 * and the excess `typing` is dropped without a word; and everyone else keeps being served meanwhile.
 */
const SOCKETS = 2;
/** An account's limits are higher than a guest's. */
const ACCOUNT_SOCKETS = 3;
const GUEST_BURST = 2;
const ACCOUNT_BURST = 4;
const JOINS = 3;

let cloud: LocalCloud;
let accounts: Accounts;
let finished: Completions;
const clients: ChatClient[] = [];

beforeAll(async () => {
  cloud = await startTestCloud({
    environment: {
      LIMIT_SOCKETS_PER_IDENTITY_GUEST: String(SOCKETS),
      LIMIT_SOCKETS_PER_IDENTITY_ACCOUNT: String(ACCOUNT_SOCKETS),
      LIMIT_MESSAGE_BURST_GUEST: String(GUEST_BURST),
      LIMIT_MESSAGE_BURST_ACCOUNT: String(ACCOUNT_BURST),
      // A minute a message once the burst is spent: nothing refills within a test, however slow the machine.
      LIMIT_MESSAGE_INTERVAL_MS: '60000',
      LIMIT_JOINS_PER_MINUTE: String(JOINS),
      // Ten minutes: a second typing inside one test is always too soon, however slow the machine.
      LIMIT_TYPING_INTERVAL_MS: '600000',
    },
  });
  finished = countCompletions(cloud);
  accounts = new Accounts(cloud);
  const setup = await signIn(cloud, 'setup');
  expect((await api(cloud, 'POST', '/rooms', { token: setup, body: { name: 'Music' } })).status).toBe(201);
});

afterAll(async () => {
  accounts?.destroy();
  await Promise.all(clients.map((c) => c.close()));
  await cloud?.stop();
});

async function open(token: string, roomId = 'lobby'): Promise<ChatClient> {
  const client = await ChatClient.connect(cloud, token, roomId);
  clients.push(client);
  return client;
}

/** Sends a message and waits for its ack: the socket is served. */
async function chat(client: ChatClient, roomId: string, text: string): Promise<void> {
  const clientMessageId = `c-${Math.random().toString(36).slice(2)}`;
  client.send({ action: 'sendMessage', roomId, text, clientMessageId });
  await client.next((f) => f.type === 'ack' && f.clientMessageId === clientMessageId);
}

const messageWith = (text: string) => (f: Frame) =>
  f.type === 'message' && (f.message as { text: string }).text === text;
const typingOf = (name: string) => (f: Frame) => f.type === 'typing' && f.name === name;

describe('open sockets per identity', () => {
  it('accepts sockets up to the limit, refuses the next with 429, and keeps serving the open ones and others', async () => {
    const ada = await signIn(cloud, 'ada');
    const [first, second] = [await open(ada), await open(ada)];
    await expect(open(ada)).rejects.toThrow('handshake refused: 429');
    // Another identity is let in, and everyone's open sockets still chat.
    const grace = await open(await signIn(cloud, 'grace'));
    for (const client of [first, second, grace]) await chat(client, 'lobby', 'still here');
  });

  it('refuses a guest at its lower limit while an account below its own is let in', async () => {
    const guest = await signIn(cloud, 'una');
    for (let i = 0; i < SOCKETS; i++) await open(guest);
    await expect(open(guest)).rejects.toThrow('handshake refused: 429');
    const account = await accounts.create('kit');
    const opened: ChatClient[] = [];
    for (let i = 0; i < ACCOUNT_SOCKETS; i++) opened.push(await open(account));
    for (const client of opened) await chat(client, 'lobby', 'an account has more room');
    await expect(open(account)).rejects.toThrow('handshake refused: 429');
  });

  it('frees a slot when a socket closes', async () => {
    const bo = await signIn(cloud, 'bo');
    const [first] = [await open(bo), await open(bo)];
    await expect(open(bo)).rejects.toThrow('handshake refused: 429');
    const disconnects = finished.count('WsDisconnect');
    await first?.close();
    await finished.reach('WsDisconnect', disconnects + 1);
    await chat(await open(bo), 'lobby', 'back again');
  });

  it('frees the slots of sockets dropped without $disconnect once their time is up', async () => {
    // Both of cy's slots held by sockets whose time is up, as sockets dropped without a $disconnect leave them.
    const db = tableClient(cloud);
    const past = Math.floor(Date.now() / 1000) - 60;
    await db.send(
      new PutCommand({
        TableName: cloud.tableName,
        Item: {
          pk: 'SLOTS#sockets#guest#cy',
          sk: 'SLOTS',
          slots: { 'lost-1=': past, 'lost-2=': past },
          expiresAt: past,
        },
      }),
    );
    const cy = await open(await signIn(cloud, 'cy'));
    await chat(cy, 'lobby', 'healed');
    const { Item } = await db.send(
      new GetCommand({ TableName: cloud.tableName, Key: { pk: 'SLOTS#sockets#guest#cy', sk: 'SLOTS' } }),
    );
    expect(Object.keys(Item?.slots ?? {})).toHaveLength(1);
  });
});

describe('messages per identity', () => {
  /** Sends and answers `ack` or the `error` frame's code. */
  async function send(client: ChatClient, text: string): Promise<string> {
    const clientMessageId = `m-${Math.random().toString(36).slice(2)}`;
    client.send({ action: 'sendMessage', roomId: 'lobby', text, clientMessageId });
    const reply = await client.next(
      (f) => (f.type === 'ack' || f.type === 'error') && f.clientMessageId === clientMessageId,
    );
    return reply.type === 'ack' ? 'ack' : String(reply.code);
  }

  it('refuses a guest past its smaller burst while an account past that burst is still served', async () => {
    const guestToken = await signIn(cloud, 'lou');
    const accountToken = await accounts.create('max');
    const [guest, account] = [await open(guestToken), await open(accountToken)];
    for (let i = 0; i < GUEST_BURST; i++) expect(await send(guest, `guest ${i}`)).toBe('ack');
    expect(await send(guest, 'one too many')).toBe('rate_limited');
    for (let i = 0; i < ACCOUNT_BURST; i++) expect(await send(account, `account ${i}`)).toBe('ack');
    expect(await send(account, 'one too many')).toBe('rate_limited');
    // Over HTTP the allowance is the same one: both are refused there too.
    for (const token of [guestToken, accountToken]) {
      const posted = await api(cloud, 'POST', '/rooms/lobby/messages', {
        token,
        body: { text: 'and here?' },
      });
      expect(posted).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    }
  });
});

describe('typing', () => {
  it('passes one typing per socket per interval on to the room, and drops the excess without a word', async () => {
    const dee = await open(await signIn(cloud, 'dee'));
    const eve = await open(await signIn(cloud, 'eve'));
    const typed = finished.count('WsTyping');
    dee.send({ action: 'typing', roomId: 'lobby' });
    await eve.next(typingOf('dee'));
    dee.send({ action: 'typing', roomId: 'lobby' });
    await finished.reach('WsTyping', typed + 2);
    // Anything the dropped typing had sent eve would arrive before this message.
    await chat(dee, 'lobby', 'after typing');
    await eve.next(messageWith('after typing'));
    expect(eve.frames.filter(typingOf('dee'))).toEqual([]);
    expect(dee.frames.filter(ofType('error'))).toEqual([]);
    // Another socket's typing is still passed on.
    eve.send({ action: 'typing', roomId: 'lobby' });
    await dee.next(typingOf('eve'));
  });

  it('drops, without a word, a typing for a room the socket is not in', async () => {
    const fay = await open(await signIn(cloud, 'fay'));
    const gus = await open(await signIn(cloud, 'gus'), 'music');
    const typed = finished.count('WsTyping');
    fay.send({ action: 'typing', roomId: 'music' });
    await finished.reach('WsTyping', typed + 1);
    await chat(fay, 'music', 'from outside');
    await gus.next(messageWith('from outside'));
    expect(gus.frames.filter(typingOf('fay'))).toEqual([]);
    expect(fay.frames.filter(ofType('error'))).toEqual([]);
  });
});

describe('joinRoom', () => {
  it('moves a socket up to the limit, then answers rate_limited, and keeps serving it and others', async () => {
    const hal = await open(await signIn(cloud, 'hal'));
    for (let i = 0; i < JOINS; i++) {
      const roomId = i % 2 === 0 ? 'music' : 'lobby';
      hal.send({ action: 'joinRoom', roomId });
      await hal.next((f) => f.type === 'presence' && f.roomId === roomId && includes(f.members, 'hal'));
    }
    hal.send({ action: 'joinRoom', roomId: 'lobby' });
    expect(await hal.next(ofType('error'))).toMatchObject({ code: 'rate_limited' });
    // Still in the last room it joined (music: JOINS is odd), and still served there.
    await chat(hal, 'music', 'stayed');
    // Another socket's joins are its own.
    const ivy = await open(await signIn(cloud, 'ivy'));
    ivy.send({ action: 'joinRoom', roomId: 'music' });
    await ivy.next((f) => f.type === 'presence' && f.roomId === 'music' && includes(f.members, 'ivy'));
  });
});

const includes = (members: unknown, name: string) => Array.isArray(members) && members.includes(name);

interface Completions {
  count(functionName: string): number;
  /** Resolves once `functionName` has finished `count` invocations in all. */
  reach(functionName: string, count: number): Promise<void>;
}

/**
 * Counts finished invocations per function, so a test can wait until the local cloud has handled a frame that
 * answers nothing (a dropped typing, a `$disconnect`) instead of waiting a while. The servers call
 * `runner.invoke` through the runner object, so wrapping it sees every invocation.
 */
function countCompletions(local: LocalCloud): Completions {
  const counts = new Map<string, number>();
  let waiters: Array<() => void> = [];
  const invoke = local.runner.invoke;
  local.runner.invoke = async (name, event, options) => {
    try {
      return await invoke(name, event, options);
    } finally {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    }
  };
  const count = (name: string) => counts.get(name) ?? 0;
  return {
    count,
    async reach(name, target) {
      while (count(name) < target) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}
