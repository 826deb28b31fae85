import { describe, expect, it } from 'vitest';
import { canonicalName } from '../../../../lambdas/contract/canonical-name';
import type { SendOutcome } from '../../../../lambdas/core/ports';
import { issueToken } from '../../../../lambdas/core/tokens';
import { requirePerson } from '../../../../lambdas/http/auth';
import { makeDeleteSessionHandler } from '../../../../lambdas/http/delete-session.handler';
import { MemoryGuestNameHolds } from '../core/name-fakes';
import { FakeAccountTokens, MemoryRevokedSignIns } from '../core/revocation-fakes';
import { bodyOf, httpEvent, TOKEN_KEY, tokenKey } from '../handler-env';

const NOW_MS = Date.parse('2024-05-01T12:00:00.000Z');
const NOW_S = NOW_MS / 1000;
const clock = { now: () => NOW_MS };
/** What infra/spec.ts configures: 30 days of refresh token, then an hour of the last access token. */
const SIGN_IN_MAX_SECONDS = 30 * 86400 + 3600;
/** An account's access token, `grace`'s sign-in `origin-1` (a second, `origin-2`, from another device). */
const GRACE = 'Bearer grace.access.token';
const GRACE_ELSEWHERE = 'Bearer grace.other.device';
const accounts = () =>
  new FakeAccountTokens({
    'grace.access.token': { username: 'grace', expiresAt: NOW_S + 3600, sessionId: 'origin-1' },
    'grace.other.device': { username: 'grace', expiresAt: NOW_S + 3600, sessionId: 'origin-2' },
  });

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
  const revoked = new MemoryRevokedSignIns();
  const closed: string[] = [];
  const forgotten: string[] = [];
  const lookedUp: string[] = [];
  const handler = makeDeleteSessionHandler({
    identityCheck: { guestKey: tokenKey, holds: names, accounts: accounts(), revoked },
    names,
    revoked,
    signInMaxSeconds: SIGN_IN_MAX_SECONDS,
    sessionSockets: {
      socketsOf: async (slotsKey, sessionId) => {
        lookedUp.push(`${slotsKey} ${sessionId}`);
        return options.sockets?.[sessionId] ?? [];
      },
    },
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
  return { names, revoked, closed, forgotten, lookedUp, signOut };
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
      requirePerson(
        httpEvent('POST /rooms', { authorization: ada }),
        { guestKey: tokenKey, holds: names, revoked: new MemoryRevokedSignIns() },
        NOW_MS,
      ),
    ).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it("signs an account's sign-in out: revoked until its refresh token and last access token are spent, its sockets closed", async () => {
    const { names, revoked, closed, lookedUp, signOut } = setup({
      sockets: { 'origin-1': ['g1='], 'origin-2': ['g2='] },
    });
    expect(await signOut(GRACE)).toEqual({ statusCode: 204 });
    expect([...revoked.revoked]).toEqual([['origin-1', NOW_S + SIGN_IN_MAX_SECONDS]]);
    // The account's socket slots, only this sign-in's sockets among them; no guest's name touched.
    expect(lookedUp).toEqual(['sockets#account#grace origin-1']);
    expect(closed).toEqual(['g1=']);
    expect(names.calls).toEqual([]);
    // Refused from then on, here and on every Bearer route; the account's other sign-in goes on.
    const again = await signOut(GRACE);
    expect(again.statusCode).toBe(401);
    expect(bodyOf(again)).toMatchObject({ error: { code: 'unauthorized' } });
    const deps = { guestKey: tokenKey, holds: names, accounts: accounts(), revoked };
    await expect(
      requirePerson(httpEvent('POST /rooms', { authorization: GRACE }), deps, NOW_MS + 60_000),
    ).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    await expect(
      requirePerson(httpEvent('POST /rooms', { authorization: GRACE_ELSEWHERE }), deps, NOW_MS),
    ).resolves.toMatchObject({ identity: { kind: 'account', id: 'grace' }, sessionId: 'origin-2' });
  });

  it("answers 401 when two sign-outs of one account's sign-in race, the revocation written once", async () => {
    const { revoked, signOut } = setup();
    // The second request passed the check before the first one's revocation was written.
    await revoked.revoke('origin-1', NOW_S + SIGN_IN_MAX_SECONDS);
    const racing = makeDeleteSessionHandler({
      identityCheck: {
        guestKey: tokenKey,
        holds: new MemoryGuestNameHolds(),
        accounts: accounts(),
        revoked: { isRevoked: async () => false },
      },
      names: new MemoryGuestNameHolds(),
      revoked,
      signInMaxSeconds: SIGN_IN_MAX_SECONDS,
      sessionSockets: { socketsOf: async () => [] },
      closer: { close: async () => 'sent' },
      forgetConnection: async () => undefined,
      clock,
    });
    const result = await racing(httpEvent('DELETE /sessions/current', { authorization: GRACE }));
    expect(result.statusCode).toBe(401);
    expect((await signOut(GRACE)).statusCode).toBe(401);
  });

  it('answers 401 for an access token the pool does not vouch for, revoking nothing', async () => {
    const { revoked, signOut } = setup();
    expect((await signOut('Bearer forged.access.token')).statusCode).toBe(401);
    expect(revoked.revoked.size).toBe(0);
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

describe('requirePerson', () => {
  const event = (authorization: string) => httpEvent('POST /rooms', { authorization });
  const depsWith = (names: Pick<MemoryGuestNameHolds, 'heldBy'>, revoked = new MemoryRevokedSignIns()) => ({
    guestKey: tokenKey,
    holds: names,
    accounts: accounts(),
    revoked,
  });

  it('returns the guest of a valid token whose session still holds its name (one read of the hold)', async () => {
    const names = new MemoryGuestNameHolds();
    const ada = signedIn(names, 'Ada', 's-ada');
    expect(await requirePerson(event(ada), depsWith(names), NOW_MS)).toMatchObject({
      identity: { kind: 'guest', id: 'Ada' },
      name: 'Ada',
      sessionId: 's-ada',
    });
    expect(names.calls).toEqual([`heldBy ${canonicalName('Ada')}`]);
  });

  it('returns the account of a valid access token (one read of the revoked sign-ins, none of the holds)', async () => {
    const names = new MemoryGuestNameHolds();
    const revoked = new MemoryRevokedSignIns();
    expect(await requirePerson(event(GRACE), depsWith(names, revoked), NOW_MS)).toEqual({
      identity: { kind: 'account', id: 'grace' },
      name: 'grace',
      expiresAt: NOW_S + 3600,
      sessionId: 'origin-1',
    });
    expect(revoked.calls).toEqual(['isRevoked origin-1']);
    expect(names.calls).toEqual([]);
  });

  it('checks the signature before reading anything: a forged token costs no read', async () => {
    const names = new MemoryGuestNameHolds();
    const revoked = new MemoryRevokedSignIns();
    for (const forged of ['Bearer nope.nope', 'Bearer forged.access.token']) {
      await expect(requirePerson(event(forged), depsWith(names, revoked), NOW_MS)).rejects.toMatchObject({
        code: 'unauthorized',
      });
    }
    expect(names.calls).toEqual([]);
    expect(revoked.calls).toEqual([]);
  });

  it('refuses a validly signed token whose session has signed out', async () => {
    const names = new MemoryGuestNameHolds();
    const ada = signedIn(names, 'Ada', 's-ada');
    names.holds.clear();
    await expect(requirePerson(event(ada), depsWith(names), NOW_MS)).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
    });
  });

  it('lets a failure to read the hold or the revocations through (a 500, not a 401)', async () => {
    const down = async (): Promise<boolean> => {
      throw new Error('table down');
    };
    const ada = signedIn(new MemoryGuestNameHolds(), 'Ada', 's-ada');
    const deps = { ...depsWith({ heldBy: down }), revoked: { isRevoked: down } };
    await expect(requirePerson(event(ada), deps, NOW_MS)).rejects.toThrow('table down');
    await expect(requirePerson(event(GRACE), deps, NOW_MS)).rejects.toThrow('table down');
  });
});
