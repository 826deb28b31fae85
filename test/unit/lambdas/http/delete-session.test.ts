import { describe, expect, it } from 'vitest';
import { canonicalName } from '../../../../lambdas/contract/canonical-name';
import type { SendOutcome } from '../../../../lambdas/core/ports';
import { issueToken } from '../../../../lambdas/core/tokens';
import { requireSession } from '../../../../lambdas/http/auth';
import { makeDeleteSessionHandler } from '../../../../lambdas/http/delete-session.handler';
import { MemoryGuestNameHolds } from '../core/name-fakes';
import { bodyOf, httpEvent, TOKEN_KEY, tokenKey } from '../handler-env';

const NOW_MS = Date.parse('2024-05-01T12:00:00.000Z');
const clock = { now: () => NOW_MS };

/** A signed-in guest: a token, and the name's hold carrying its session id. */
function signedIn(names: MemoryGuestNameHolds, name: string, sessionId: string): string {
  const { token, expiresAt } = issueToken(TOKEN_KEY, name, NOW_MS, sessionId);
  const canonical = canonicalName(name);
  names.holds.set(canonical, { canonical, name, sessionId, expiresAt, kind: 'guest' });
  return `Bearer ${token}`;
}

function setup(
  options: { sockets?: Record<string, string[]>; close?: (id: string) => Promise<SendOutcome> } = {},
) {
  const names = new MemoryGuestNameHolds();
  const closed: string[] = [];
  const forgotten: string[] = [];
  const handler = makeDeleteSessionHandler({
    tokenKey,
    names,
    sessionSockets: { socketsOf: async (_slotsKey, sessionId) => options.sockets?.[sessionId] ?? [] },
    closer: {
      close:
        options.close ??
        (async (id) => {
          closed.push(id);
          return 'sent';
        }),
    },
    forgetConnection: async (id) => forgotten.push(id),
    clock,
  });
  const signOut = (authorization?: string) =>
    handler(httpEvent('DELETE /sessions/current', authorization === undefined ? {} : { authorization }));
  return { names, closed, forgotten, signOut };
}

describe('DELETE /sessions/current', () => {
  it("answers 204 with no body, releases the name and closes the session's sockets", async () => {
    const { names, closed, signOut } = setup({ sockets: { 's-ada': ['c1=', 'c2='] } });
    const ada = signedIn(names, 'Ada', 's-ada');
    expect(await signOut(ada)).toEqual({ statusCode: 204 });
    expect(names.holds.size).toBe(0);
    expect(closed).toEqual(['c1=', 'c2=']);
  });

  it('answers 401 to a second sign-out with the same token, and the token is refused everywhere after', async () => {
    const { names, signOut } = setup();
    const ada = signedIn(names, 'Ada', 's-ada');
    await signOut(ada);
    const again = await signOut(ada);
    expect(again.statusCode).toBe(401);
    expect(bodyOf(again)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    await expect(
      requireSession(httpEvent('POST /rooms', { authorization: ada }), { tokenKey, names }, NOW_MS),
    ).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it.each([
    ['no token', undefined, 'unauthorized'],
    ['a forged token', `Bearer ${issueToken('another-key', 'Ada', NOW_MS, 's-ada').token}`, 'unauthorized'],
    [
      'an expired token',
      `Bearer ${issueToken(TOKEN_KEY, 'Ada', NOW_MS - 13 * 3600_000, 's-ada').token}`,
      'token_expired',
    ],
  ])('answers 401 for %s, releasing nothing', async (_label, authorization, code) => {
    const { names, signOut } = setup();
    signedIn(names, 'Ada', 's-ada');
    const result = await signOut(authorization);
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result)).toMatchObject({ error: { code } });
    expect(names.holds.size).toBe(1);
  });

  it('does not touch the name when another session holds it now, and answers 401', async () => {
    const { names, signOut } = setup();
    const old = signedIn(names, 'Ada', 's-old');
    signedIn(names, 'ada', 's-new');
    expect((await signOut(old)).statusCode).toBe(401);
    expect(names.holds.get(canonicalName('Ada'))?.sessionId).toBe('s-new');
  });

  it('answers 500 (internal, no details) when a socket cannot be closed, the session revoked all the same', async () => {
    const { names, signOut } = setup({
      sockets: { 's-ada': ['c1='] },
      close: async () => {
        throw new Error('@connections down');
      },
    });
    const result = await signOut(signedIn(names, 'Ada', 's-ada'));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(names.holds.size).toBe(0);
  });
});

describe('requireSession', () => {
  const event = (authorization: string) => httpEvent('POST /rooms', { authorization });

  it('returns the session of a valid token whose session still holds its name (one read of the hold)', async () => {
    const names = new MemoryGuestNameHolds();
    const ada = signedIn(names, 'Ada', 's-ada');
    expect(await requireSession(event(ada), { tokenKey, names }, NOW_MS)).toMatchObject({
      name: 'Ada',
      sessionId: 's-ada',
    });
    expect(names.calls).toEqual([`heldBy ${canonicalName('Ada')}`]);
  });

  it('checks the signature before reading anything: a forged token costs no read', async () => {
    const names = new MemoryGuestNameHolds();
    await expect(
      requireSession(event('Bearer nope.nope'), { tokenKey, names }, NOW_MS),
    ).rejects.toMatchObject({
      code: 'unauthorized',
    });
    expect(names.calls).toEqual([]);
  });

  it('refuses a validly signed token whose session has signed out', async () => {
    const names = new MemoryGuestNameHolds();
    const ada = signedIn(names, 'Ada', 's-ada');
    names.holds.clear();
    await expect(requireSession(event(ada), { tokenKey, names }, NOW_MS)).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
    });
  });

  it('lets a failure to read the hold through (a 500, not a 401)', async () => {
    const names = {
      heldBy: async () => {
        throw new Error('table down');
      },
    };
    const ada = signedIn(new MemoryGuestNameHolds(), 'Ada', 's-ada');
    await expect(requireSession(event(ada), { tokenKey, names }, NOW_MS)).rejects.toThrow('table down');
  });
});
