/**
 * The HTTP API's limits against the local cloud (issue 13): guest sign-ins per source address per minute and
 * rooms per identity per hour. Under each limit everything works; past it the clear error (429 `rate_limited`);
 * and the service keeps serving everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { usageLimits } from '../../infra/spec';
import { api, signIn, startTestCloud } from './harness';

const SIGNINS = Number(usageLimits.LIMIT_GUEST_SIGNINS_PER_MINUTE);
const GUEST_ROOMS = Number(usageLimits.LIMIT_ROOMS_PER_HOUR_GUEST);
const rateLimited = { status: 429, body: { error: { code: 'rate_limited', message: expect.any(String) } } };

let cloud: LocalCloud;

beforeAll(async () => {
  // The spec's defaults, whatever a developer's environment says.
  cloud = await startTestCloud({
    environment: {
      LIMIT_GUEST_SIGNINS_PER_MINUTE: usageLimits.LIMIT_GUEST_SIGNINS_PER_MINUTE,
      LIMIT_ROOMS_PER_HOUR_GUEST: usageLimits.LIMIT_ROOMS_PER_HOUR_GUEST,
    },
  });
  // Cold starts out of the way, from an address of their own, so the counts below are not spread over them.
  await signIn(cloud, 'warmup');
});

afterAll(async () => {
  await cloud?.stop();
});

describe('guest sign-ins per source address', () => {
  it(`signs an address in ${SIGNINS} times a minute, then answers 429, and keeps serving other addresses`, async () => {
    const crowd = '127.0.0.7';
    const answers = [];
    // The allowance refills one sign-in every 3 s, so a slow machine may see a few more pass before the 429.
    for (let i = 0; i < SIGNINS * 2; i++) {
      const answer = await api<{ error: { message: string } }>(cloud, 'POST', '/sessions', {
        body: { name: `crowd${i}` },
        from: crowd,
      });
      answers.push(answer.status);
      if (answer.status !== 201) {
        expect(answer).toEqual(rateLimited);
        expect(answer.body.error.message).toContain(`${SIGNINS} a minute`);
        break;
      }
    }
    expect(answers.at(-1)).toBe(429);
    expect(answers.slice(0, SIGNINS)).toEqual(Array(SIGNINS).fill(201));

    // Another address signs in, and a token the crowd got still works.
    const other = await api<{ token: string }>(cloud, 'POST', '/sessions', {
      body: { name: 'neighbour' },
      from: '127.0.0.8',
    });
    expect(other.status).toBe(201);
    expect(
      (await api(cloud, 'POST', '/rooms/lobby/messages', { token: other.body.token, body: { text: 'hi' } }))
        .status,
    ).toBe(201);
  });

  it('does not count a refused name against the address', async () => {
    const address = '127.0.0.9';
    for (let i = 0; i < SIGNINS + 5; i++) {
      expect((await api(cloud, 'POST', '/sessions', { body: { name: '' }, from: address })).status).toBe(400);
    }
    expect((await api(cloud, 'POST', '/sessions', { body: { name: 'patient' }, from: address })).status).toBe(
      201,
    );
  });
});

describe('rooms per identity per hour', () => {
  it(`lets a guest make ${GUEST_ROOMS} rooms an hour, then answers 429, and keeps serving everyone`, async () => {
    const builder = await signIn(cloud, 'builder');
    for (let i = 1; i <= GUEST_ROOMS; i++) {
      const made = await api(cloud, 'POST', '/rooms', { token: builder, body: { name: `Workshop ${i}` } });
      expect(made.status).toBe(201);
    }
    const refused = await api<{ error: { message: string } }>(cloud, 'POST', '/rooms', {
      token: builder,
      body: { name: 'One Too Many' },
    });
    expect(refused).toEqual(rateLimited);
    expect(refused.body.error.message).toContain(`${GUEST_ROOMS} rooms an hour`);
    // A taken name is still told it is taken.
    expect(
      (await api(cloud, 'POST', '/rooms', { token: builder, body: { name: 'Workshop 1' } })).status,
    ).toBe(409);

    // The builder still talks in their rooms; another guest still makes a room; the list has them all.
    expect(
      (await api(cloud, 'POST', '/rooms/workshop-1/messages', { token: builder, body: { text: 'hello' } }))
        .status,
    ).toBe(201);
    const other = await signIn(cloud, 'tinker');
    expect(
      (await api(cloud, 'POST', '/rooms', { token: other, body: { name: 'One Too Many' } })).status,
    ).toBe(201);
    const rooms = await api<{ rooms: { roomId: string }[] }>(cloud, 'GET', '/rooms?limit=100');
    expect(rooms.body.rooms.map((r) => r.roomId)).toEqual(
      expect.arrayContaining(['workshop-1', 'workshop-2', 'workshop-3', 'one-too-many']),
    );
  });
});
