import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import type { InvocationRecord } from '../../infra/local/dead-letters';
import { localCredentials } from '../../infra/local/types';
import { type FakeServices, startFakeServices } from './fake-services';
import { api, ChatClient, type Frame, signIn, startTestCloud } from './harness';

let cloud: LocalCloud;
let fake: FakeServices;
const clients: ChatClient[] = [];

const fromPyro = (f: Frame) => f.type === 'message' && (f.message as { sender: string }).sender === 'Pyro';
const textOf = (f: Frame) => (f.message as { text: string }).text;

/** Each person's token: a person signs in once and reconnects with it, as the page does (their session holds the name). */
const tokens = new Map<string, string>();

async function person(name: string, roomId = 'lobby'): Promise<ChatClient> {
  const token = tokens.get(name) ?? (await signIn(cloud, name));
  tokens.set(name, token);
  const client = await ChatClient.connect(cloud, token, roomId);
  clients.push(client);
  return client;
}

/** Sends a line and returns Pyro's answer to it (skipping welcomes). */
async function ask(client: ChatClient, text: string, timeoutMs = 15_000): Promise<string> {
  const id = `q-${Math.random()}`;
  client.send({ action: 'sendMessage', roomId: 'lobby', text, clientMessageId: id });
  await client.next((f) => f.type === 'ack' && f.clientMessageId === id);
  return textOf(await client.next((f) => fromPyro(f) && !/welcome/i.test(textOf(f)), timeoutMs));
}

beforeAll(async () => {
  fake = await startFakeServices();
  cloud = await startTestCloud({
    environment: {
      GEOCODER_API_URL: fake.url,
      WEATHER_API_URL: fake.url,
      MOVIE_API_URL: fake.url,
      EXTERNAL_TIMEOUT_MS: '1000',
    },
    omdbApiKey: 'test-key',
    schedulerTimeScale: 0.01,
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cloud?.stop();
  await fake?.close();
});

describe('Pyro in the local cloud', () => {
  it('answers a person’s "pyro help" on their socket', async () => {
    const ada = await person('ada');
    const answer = await ask(ada, 'pyro help');
    expect(answer).toMatch(/weather/i);
    expect(answer).toMatch(/movie/i);
  });

  it('welcomes a person joining a room once, however often they reconnect', async () => {
    await api(cloud, 'POST', '/rooms', { token: await signIn(cloud, 'host'), body: { name: 'Welcome Mat' } });
    const first = await person('wes', 'welcome-mat');
    const welcome = await first.next(fromPyro);
    expect(textOf(welcome)).toMatch(/wes/i);
    await first.close();
    const again = await person('wes', 'welcome-mat');
    again.send({ action: 'sendMessage', roomId: 'welcome-mat', text: 'hi pyro', clientMessageId: 'g' });
    expect(textOf(await again.next(fromPyro))).toMatch(/wes/i); // the greeting, not a second welcome
    await cloud.eventBus.idle();
    const history = await api<{ messages: Array<{ sender: string }> }>(
      cloud,
      'GET',
      '/rooms/welcome-mat/messages',
    );
    expect(history.body.messages.filter((m) => m.sender === 'Pyro')).toHaveLength(2);
  });

  it('gives the weather for a zip code through the real HTTP client', async () => {
    const bea = await person('bea');
    const answer = await ask(bea, 'pyro weather 94103');
    expect(answer).toContain('San Francisco');
    expect(answer).toMatch(/59/);
    expect(answer).toMatch(/15/); // 59 °F is 15 °C
  });

  it('looks up a movie with the configured key', async () => {
    const cy = await person('cy');
    const answer = await ask(cy, '@Pyro movie Alien');
    expect(answer).toContain('Ridley Scott');
    expect(fake.requests.some((r) => r.includes('apikey=test-key'))).toBe(true);
  });

  it('says so politely when a service it depends on is down', async () => {
    const dee = await person('dee');
    fake.mode = 'down';
    try {
      const answer = await ask(dee, 'pyro weather 10001');
      expect(answer).toMatch(/weather/i);
      expect(answer).toMatch(/not|can't|cannot|unavailable|down|trouble/i);
    } finally {
      fake.mode = 'ok';
    }
  });

  it('delivers a reminder set for one minute (time scaled down by configuration)', async () => {
    const eli = await person('eli');
    const confirmation = await ask(eli, 'pyro remind me in 1 minute to stretch');
    expect(confirmation).toMatch(/remind/i);
    const reminder = await eli.next((f) => fromPyro(f) && /stretch/.test(textOf(f)), 5000);
    expect(textOf(reminder)).toMatch(/eli/);
  });

  it('replies once to a duplicated event', async () => {
    await api(cloud, 'POST', '/rooms', { token: await signIn(cloud, 'dup'), body: { name: 'Echo' } });
    const bus = new EventBridgeClient({
      endpoint: cloud.eventBusUrl,
      region: localCredentials.region,
      credentials: localCredentials,
    });
    const detail = JSON.stringify({
      messageId: `${Date.now()}-abcdef0123`,
      roomId: 'echo',
      sender: 'fin',
      text: 'pyro help',
      createdAt: new Date().toISOString(),
    });
    const entry = { EventBusName: 'chatty', Source: 'chatty', DetailType: 'MessagePosted', Detail: detail };
    await bus.send(new PutEventsCommand({ Entries: [entry, entry] }));
    await bus.send(new PutEventsCommand({ Entries: [entry] }));
    await cloud.eventBus.idle();
    const history = await api<{ messages: Array<{ sender: string }> }>(cloud, 'GET', '/rooms/echo/messages');
    expect(history.body.messages.filter((m) => m.sender === 'Pyro')).toHaveLength(1);
    bus.destroy();
  });

  it('sends an event it cannot answer to the dead-letter queue as Lambda’s invocation record, after its two retries', async () => {
    const bus = new EventBridgeClient({
      endpoint: cloud.eventBusUrl,
      region: localCredentials.region,
      credentials: localCredentials,
    });
    // Its room does not exist, so the reply path answers 404 and the bot throws.
    const detail = {
      messageId: `${Date.now()}-0000000bad`,
      roomId: 'nowhere',
      sender: 'gus',
      text: 'pyro help',
      createdAt: new Date().toISOString(),
    };
    await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'chatty',
            Source: 'chatty',
            DetailType: 'MessagePosted',
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    await cloud.eventBus.idle();
    // EventBridge handed the event to Lambda, so the failure is Lambda's: its record, not a rule DLQ message.
    const records = cloud
      .deadLetters()
      .filter((d) => d.sender === 'lambda.amazonaws.com')
      .map((d) => JSON.parse(d.Body) as InvocationRecord);
    const dead = records.find(
      (r) => (r.requestPayload as { detail: { messageId: string } }).detail.messageId === detail.messageId,
    );
    expect(dead?.requestContext).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: 3 });
    expect(dead?.responsePayload?.errorType).toBe('ReplyFailedError');
    bus.destroy();
  });

  it('never answers its own messages, and the bot route refuses unsigned calls', async () => {
    const unsigned = await api(cloud, 'POST', '/bot/rooms/lobby/messages', { body: { text: 'pyro help' } });
    expect(unsigned.status).toBe(403);
    const bus = cloud.eventBus;
    await bus.idle();
    const invocations = cloud.runner.invocations('Bot');
    const posted = await api(cloud, 'POST', '/rooms/lobby/messages', {
      token: await signIn(cloud, 'hal'),
      body: { text: 'nothing for the bot here' },
    });
    expect(posted.status).toBe(201);
    await bus.idle();
    expect(cloud.runner.invocations('Bot')).toBe(invocations);
  });

  it('says who sent it: a guest over HTTP and over a socket, Pyro as the bot, in frames and in history', async () => {
    type Sent = { messageId: string; sender: string; senderType: string; text: string };
    const sent = (f: Frame) => f.message as Sent;
    const gus = await person('gus');
    const overHttp = await api<{ message: Sent }>(cloud, 'POST', '/rooms/lobby/messages', {
      token: await signIn(cloud, 'hana'),
      body: { text: 'hi pyro', senderType: 'bot' },
    });
    expect(overHttp.status).toBe(201);
    expect(overHttp.body.message).toMatchObject({ sender: 'hana', senderType: 'guest' });
    const httpFrame = await gus.next(
      (f) => f.type === 'message' && sent(f).messageId === overHttp.body.message.messageId,
    );
    expect(sent(httpFrame).senderType).toBe('guest');
    const greeting = await gus.next((f) => fromPyro(f) && textOf(f).includes('hana'));
    expect(sent(greeting).senderType).toBe('bot');

    gus.send({
      action: 'sendMessage',
      roomId: 'lobby',
      text: 'pyro help',
      clientMessageId: 'who-1',
      senderType: 'bot',
    });
    const ack = await gus.next((f) => f.type === 'ack' && f.clientMessageId === 'who-1');
    const ownFrame = await gus.next((f) => f.type === 'message' && sent(f).messageId === ack.messageId);
    expect(sent(ownFrame)).toMatchObject({ sender: 'gus', senderType: 'guest' });
    const help = await gus.next((f) => fromPyro(f) && /weather/i.test(textOf(f)));
    expect(sent(help).senderType).toBe('bot');

    const history = await api<{ messages: Sent[] }>(cloud, 'GET', '/rooms/lobby/messages?limit=100');
    const byId = new Map(history.body.messages.map((m) => [m.messageId, m.senderType]));
    expect(byId.get(overHttp.body.message.messageId)).toBe('guest');
    expect(byId.get(String(ack.messageId))).toBe('guest');
    expect(byId.get(sent(greeting).messageId)).toBe('bot');
    expect(byId.get(sent(help).messageId)).toBe('bot');
    for (const m of history.body.messages) expect(m.senderType).toBe(m.sender === 'Pyro' ? 'bot' : 'guest');
  });
});
