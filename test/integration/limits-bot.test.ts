/**
 * Pyro's limits against the local cloud (issue 13): pending reminders per person and per room, the reminder
 * text's length, listing and cancelling reminders, and welcomes per room per minute. Under each limit everything
 * works; past it Pyro says why (or, for welcomes, skips the excess); and everyone else is still served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { usageLimits } from '../../infra/spec';
import { api, ChatClient, type Frame, signIn, startTestCloud } from './harness';

/** This file's people are guests: a guest's allowance (an account's is larger). */
const PER_PERSON = Number(usageLimits.LIMIT_REMINDERS_PER_PERSON_GUEST);
const PER_ROOM = Number(usageLimits.LIMIT_REMINDERS_PER_ROOM);
const TEXT_LENGTH = Number(usageLimits.LIMIT_REMINDER_TEXT_LENGTH);
const WELCOMES = Number(usageLimits.LIMIT_WELCOMES_PER_ROOM_PER_MINUTE);

let cloud: LocalCloud;
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

async function room(name: string): Promise<string> {
  const made = await api<{ room: { roomId: string } }>(cloud, 'POST', '/rooms', {
    token: await signIn(cloud, `host-${clients.length}`),
    body: { name },
  });
  expect(made.status).toBe(201);
  return made.body.room.roomId;
}

/**
 * Sends a line as `name` and returns Pyro's answer to them (its answers name the asker unless `answers` says
 * otherwise; welcomes skipped). A line refused for sending too fast (a burst of 5, then one a second) is sent
 * again once the next one may go.
 */
async function ask(
  client: ChatClient,
  name: string,
  roomId: string,
  text: string,
  answers: (text: string) => boolean = (t) => t.includes(name),
): Promise<string> {
  for (;;) {
    const id = `q-${Math.random()}`;
    client.send({ action: 'sendMessage', roomId, text, clientMessageId: id });
    const reply = await client.next(
      (f) => (f.type === 'ack' || f.type === 'error') && f.clientMessageId === id,
    );
    if (reply.type === 'ack') break;
    expect(reply.code).toBe('rate_limited');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const answer = await client.next(
    (f) => fromPyro(f) && !textOf(f).startsWith('Welcome to') && answers(textOf(f)),
  );
  return textOf(answer);
}

beforeAll(async () => {
  cloud = await startTestCloud({
    environment: {
      // The spec's defaults for what is tested here, whatever a developer's environment says; sign-ins are not
      // what this file tests, and it signs in more people in a minute than one address may.
      LIMIT_REMINDERS_PER_PERSON_GUEST: usageLimits.LIMIT_REMINDERS_PER_PERSON_GUEST,
      LIMIT_REMINDERS_PER_ROOM: usageLimits.LIMIT_REMINDERS_PER_ROOM,
      LIMIT_REMINDER_TEXT_LENGTH: usageLimits.LIMIT_REMINDER_TEXT_LENGTH,
      LIMIT_WELCOMES_PER_ROOM_PER_MINUTE: usageLimits.LIMIT_WELCOMES_PER_ROOM_PER_MINUTE,
      LIMIT_GUEST_SIGNINS_PER_MINUTE: '1000',
    },
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await cloud?.stop();
});

describe('reminders per person', () => {
  it(`keeps ${PER_PERSON} pending for a person, refuses the next clearly, lists and cancels them, then takes another`, async () => {
    const ada = await person('ada');
    for (let i = 1; i <= PER_PERSON; i++) {
      expect(await ask(ada, 'ada', 'lobby', `pyro remind me in ${i} hours to task ${i}`)).toMatch(
        /^Okay ada/,
      );
    }
    const refused = await ask(ada, 'ada', 'lobby', 'pyro remind me in 7 hours to one more');
    expect(refused).toContain(`you already have ${PER_PERSON} reminders waiting`);
    expect(refused).toContain('pyro cancel 1');
    expect(cloud.scheduler.pending()).toHaveLength(PER_PERSON);

    const listed = await ask(ada, 'ada', 'lobby', 'pyro reminders');
    expect(listed.split('\n').slice(1)).toEqual(
      Array.from({ length: PER_PERSON }, (_, i) =>
        expect.stringMatching(new RegExp(`^${i + 1}\\. .* in #lobby: task ${i + 1}$`)),
      ),
    );

    expect(await ask(ada, 'ada', 'lobby', 'pyro cancel 2')).toBe(
      "Okay ada, I've cancelled reminder 2: task 2",
    );
    expect(cloud.scheduler.pending()).toHaveLength(PER_PERSON - 1);
    const after = await ask(ada, 'ada', 'lobby', 'pyro reminders');
    expect(after).not.toContain('task 2');
    // Numbers are places, not positions: the others keep theirs.
    const numbers = after.split('\n').slice(1);
    const places = Array.from({ length: PER_PERSON }, (_, i) => String(i + 1));
    expect(numbers.map((line) => line.split('.')[0])).toEqual(places.filter((place) => place !== '2'));
    expect(await ask(ada, 'ada', 'lobby', 'pyro cancel 9')).toContain('no reminder number 9');

    // The freed place takes a new reminder; someone else was never limited by ada's.
    expect(await ask(ada, 'ada', 'lobby', 'pyro remind me in 8 hours to one more')).toMatch(/^Okay ada/);
    const bea = await person('bea');
    expect(await ask(bea, 'bea', 'lobby', 'pyro remind me in 1 hour to water')).toMatch(/^Okay bea/);
  });

  it(`refuses a reminder text over ${TEXT_LENGTH} characters, saying so, and takes one at the limit`, async () => {
    const cy = await person('cy');
    const long = await ask(
      cy,
      'cy',
      'lobby',
      `pyro remind me in 1 hour to ${'x'.repeat(TEXT_LENGTH + 1)}`,
      (t) => t.includes('a lot to remember'),
    );
    expect(long).toContain(`at most ${TEXT_LENGTH} characters`);
    expect(await ask(cy, 'cy', 'lobby', `pyro remind me in 1 hour to ${'y'.repeat(TEXT_LENGTH)}`)).toMatch(
      /^Okay cy/,
    );
  });
});

describe('reminders per room', () => {
  it(`keeps ${PER_ROOM} pending in a room, refuses the next clearly, and keeps serving other rooms`, async () => {
    const roomId = await room('Busy Room');
    const people = Math.ceil(PER_ROOM / PER_PERSON);
    for (let p = 0; p < people; p++) {
      const name = `busy${p}`;
      const client = await person(name, roomId);
      for (let i = 0; i < PER_PERSON && p * PER_PERSON + i < PER_ROOM; i++) {
        expect(await ask(client, name, roomId, `pyro remind me in ${i + 1} hours to job ${i}`)).toMatch(
          /^Okay/,
        );
      }
    }
    const late = await person('latecomer', roomId);
    expect(await ask(late, 'latecomer', roomId, 'pyro remind me in 1 hour to join in')).toContain(
      `this room already has ${PER_ROOM} reminders waiting`,
    );
    // Pyro still answers in that room, and the latecomer's reminders still go elsewhere.
    expect(await ask(late, 'latecomer', roomId, 'thanks pyro')).toBe("You're welcome, latecomer!");
    const elsewhere = await person('latecomer', 'lobby');
    expect(await ask(elsewhere, 'latecomer', 'lobby', 'pyro remind me in 1 hour to join in')).toMatch(
      /^Okay/,
    );
  });
});

describe('welcomes per room', () => {
  it(`welcomes the first ${WELCOMES} of a flood of joins in a minute and skips the rest; other rooms are still welcomed`, async () => {
    const roomId = await room('Gate');
    const crowd = WELCOMES + 3;
    await Promise.all(Array.from({ length: crowd }, (_, i) => person(`guest${i}`, roomId)));
    await cloud.eventBus.idle();
    const history = await api<{ messages: { sender: string; text: string }[] }>(
      cloud,
      'GET',
      `/rooms/${roomId}/messages`,
    );
    const welcomes = history.body.messages.filter(
      (m) => m.sender === 'Pyro' && m.text.startsWith('Welcome to'),
    );
    expect(welcomes).toHaveLength(WELCOMES);

    // Pyro still answers in the flooded room, and welcomes someone joining another room.
    const [first] = clients.slice(-crowd);
    if (!first) throw new Error('no crowd');
    expect(await ask(first, 'guest', roomId, 'hi pyro')).toMatch(/guest\d/);
    const quiet = await room('Quiet Corner');
    const visitor = await person('visitor', quiet);
    expect(textOf(await visitor.next(fromPyro))).toBe(
      'Welcome to #quiet-corner, visitor! Pull up a log. Say `pyro help` to see what I can do.',
    );
  });
});
