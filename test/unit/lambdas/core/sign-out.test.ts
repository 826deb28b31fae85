import { describe, expect, it } from 'vitest';
import { canonicalName } from '../../../../lambdas/contract/canonical-name';
import { ChatError } from '../../../../lambdas/core/errors';
import type { SendOutcome } from '../../../../lambdas/core/ports';
import { requireLiveSession, requireLiveSocketSession } from '../../../../lambdas/core/session-check';
import {
  type SessionSockets,
  type SignOutDeps,
  signOutAccount,
  signOutGuest,
} from '../../../../lambdas/core/sign-out';
import type { Session } from '../../../../lambdas/core/tokens';
import { MemoryGuestNameHolds } from './name-fakes';
import { MemoryRevokedSignIns } from './revocation-fakes';

const NOW = 1_714_564_800;
const ada: Session = { name: 'Ada', sessionId: 's-ada', expiresAt: NOW + 3600 };

function holding(...sessions: Session[]): MemoryGuestNameHolds {
  const names = new MemoryGuestNameHolds();
  for (const s of sessions) {
    const canonical = canonicalName(s.name);
    names.holds.set(canonical, {
      canonical,
      name: s.name,
      sessionId: s.sessionId,
      expiresAt: s.expiresAt,
      kind: 'guest',
    });
  }
  return names;
}

/** Sockets by slots key and session, and a closer that answers from a script per socket. */
function world(options: {
  names?: MemoryGuestNameHolds;
  sockets?: Record<string, { sessionId: string; id: string }[]>;
  outcomes?: Record<string, (SendOutcome | Error)[]>;
}) {
  const log: string[] = [];
  const sessionSockets: SessionSockets = {
    async socketsOf(slotsKey, sessionId) {
      log.push(`socketsOf ${slotsKey} ${sessionId}`);
      return (options.sockets?.[slotsKey] ?? []).filter((s) => s.sessionId === sessionId).map((s) => s.id);
    },
  };
  const deps: SignOutDeps = {
    names: options.names ?? holding(ada),
    sessionSockets,
    closer: {
      async close(id) {
        log.push(`close ${id}`);
        const next = options.outcomes?.[id]?.shift() ?? 'sent';
        if (next instanceof Error) throw next;
        return next;
      },
    },
    async forgetConnection(id) {
      log.push(`forget ${id}`);
    },
  };
  return { deps, log };
}

const noSleep = async () => {};

describe('signOutGuest', () => {
  it("releases the session's name, then closes each of its sockets (and only its own)", async () => {
    const names = holding(ada);
    const { deps, log } = world({
      names,
      sockets: {
        'sockets#guest#Ada': [
          { id: 'c1', sessionId: 's-ada' },
          { id: 'c2', sessionId: 's-ada' },
          { id: 'old', sessionId: 's-before' },
        ],
      },
    });
    expect(await signOutGuest(deps, ada, noSleep)).toEqual({ closed: 2 });
    expect(names.holds.has(canonicalName('Ada'))).toBe(false);
    expect(names.calls[0]).toBe(`release ${canonicalName('Ada')}`);
    expect(log).toEqual(['socketsOf sockets#guest#Ada s-ada', 'close c1', 'close c2']);
  });

  it('signs out a session with no socket open', async () => {
    const { deps, log } = world({});
    expect(await signOutGuest(deps, ada, noSleep)).toEqual({ closed: 0 });
    expect(log).toEqual(['socketsOf sockets#guest#Ada s-ada']);
  });

  it('is unauthorized for a session that has ended already, and touches no socket', async () => {
    const { deps, log } = world({ names: new MemoryGuestNameHolds() });
    const err = await signOutGuest(deps, ada, noSleep).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(log).toEqual([]);
  });

  it("does not release a name another session holds now (the old session's hold expired and was retaken)", async () => {
    const other = { ...ada, sessionId: 's-other' };
    const names = holding(other);
    const { deps } = world({ names });
    await expect(signOutGuest(deps, ada, noSleep)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(names.holds.get(canonicalName('Ada'))?.sessionId).toBe('s-other');
  });

  it('forgets a socket that was gone already, so its slot is freed', async () => {
    const { deps, log } = world({
      sockets: { 'sockets#guest#Ada': [{ id: 'c1', sessionId: 's-ada' }] },
      outcomes: { c1: ['gone'] },
    });
    await signOutGuest(deps, ada, noSleep);
    expect(log).toEqual(['socketsOf sockets#guest#Ada s-ada', 'close c1', 'forget c1']);
  });

  it('tries a throttled close again, and fails (after revoking) when it stays throttled', async () => {
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
    };
    const retried = world({
      sockets: { 'sockets#guest#Ada': [{ id: 'c1', sessionId: 's-ada' }] },
      outcomes: { c1: ['throttled', 'sent'] },
    });
    expect(await signOutGuest(retried.deps, ada, sleep)).toEqual({ closed: 1 });
    expect(retried.log.filter((l) => l === 'close c1')).toHaveLength(2);

    const names = holding(ada);
    const stuck = world({
      names,
      sockets: {
        'sockets#guest#Ada': [
          { id: 'c1', sessionId: 's-ada' },
          { id: 'c2', sessionId: 's-ada' },
        ],
      },
      outcomes: { c1: ['throttled', 'throttled', 'throttled'] },
    });
    await expect(signOutGuest(stuck.deps, ada, sleep)).rejects.toThrow(
      'could not close socket c1: throttled',
    );
    // The revocation stands, and the other socket was closed all the same.
    expect(names.holds.size).toBe(0);
    expect(stuck.log).toContain('close c2');
    expect(sleeps).toEqual([100, 100, 200]);
  });

  it('fails on an unexpected @connections error, after closing the sockets it can', async () => {
    const { deps, log } = world({
      sockets: {
        'sockets#guest#Ada': [
          { id: 'c1', sessionId: 's-ada' },
          { id: 'c2', sessionId: 's-ada' },
        ],
      },
      outcomes: { c1: [new Error('forbidden')] },
    });
    await expect(signOutGuest(deps, ada, noSleep)).rejects.toThrow('forbidden');
    expect(log).toContain('close c2');
  });

  it('lets a failure to find the sockets through, after revoking', async () => {
    const names = holding(ada);
    const { deps } = world({ names });
    deps.sessionSockets = {
      socketsOf: async () => {
        throw new Error('table down');
      },
    };
    await expect(signOutGuest(deps, ada, noSleep)).rejects.toThrow('table down');
    expect(names.holds.size).toBe(0);
  });
});

describe('signOutAccount', () => {
  const grace = { kind: 'account' as const, id: 'grace' };

  it("revokes the sign-in until its refresh token and last access token are spent, then closes that sign-in's sockets", async () => {
    const revoked = new MemoryRevokedSignIns();
    const { deps, log } = world({
      sockets: {
        'sockets#account#grace': [
          { id: 'g1', sessionId: 'origin-1' },
          { id: 'g2', sessionId: 'origin-2' },
        ],
      },
    });
    const result = await signOutAccount(
      { ...deps, revoked, signInMaxSeconds: 1000 },
      grace,
      'origin-1',
      NOW * 1000,
      noSleep,
    );
    expect(result).toEqual({ closed: 1 });
    expect([...revoked.revoked]).toEqual([['origin-1', NOW + 1000]]);
    // Revoked before the sockets are looked up, so a reconnecting tab is refused at `$connect`.
    expect(revoked.calls).toEqual(['revoke origin-1']);
    expect(log).toEqual(['socketsOf sockets#account#grace origin-1', 'close g1']);
  });

  it('refuses a sign-in revoked already (unauthorized), closing nothing', async () => {
    const revoked = new MemoryRevokedSignIns();
    await revoked.revoke('origin-1', NOW + 1000);
    const { deps, log } = world({});
    await expect(
      signOutAccount({ ...deps, revoked, signInMaxSeconds: 1000 }, grace, 'origin-1', NOW * 1000, noSleep),
    ).rejects.toMatchObject({ code: 'unauthorized' });
    expect(log).toEqual([]);
  });
});

describe('requireLiveSocketSession', () => {
  const live = { holds: holding(ada), revoked: new MemoryRevokedSignIns() };

  it("passes a guest's socket whose hold is its session's, and an account's whose sign-in is not revoked", async () => {
    await requireLiveSocketSession(
      live,
      { kind: 'guest', name: 'Ada', sessionId: 's-ada', expiresAt: NOW + 60 },
      NOW * 1000,
    );
    await requireLiveSocketSession(
      live,
      { kind: 'account', name: 'grace', sessionId: 'origin-1', expiresAt: NOW + 60 },
      NOW * 1000,
    );
  });

  it.each([
    ['no session id', { kind: 'guest' as const, name: 'Ada', expiresAt: NOW + 60 }, 'unauthorized'],
    ['no expiry', { kind: 'guest' as const, name: 'Ada', sessionId: 's-ada' }, 'token_expired'],
    [
      'an expiry passed',
      { kind: 'guest' as const, name: 'Ada', sessionId: 's-ada', expiresAt: NOW },
      'token_expired',
    ],
    [
      'a released hold',
      { kind: 'guest' as const, name: 'Ada', sessionId: 's-gone', expiresAt: NOW + 60 },
      'unauthorized',
    ],
  ])('refuses a socket with %s', async (_label, session, code) => {
    await expect(requireLiveSocketSession(live, session, NOW * 1000)).rejects.toMatchObject({ code });
  });

  it("refuses an account's socket once its sign-in is revoked", async () => {
    const revoked = new MemoryRevokedSignIns();
    await revoked.revoke('origin-1', NOW + 1000);
    await expect(
      requireLiveSocketSession(
        { holds: live.holds, revoked },
        { kind: 'account', name: 'grace', sessionId: 'origin-1', expiresAt: NOW + 60 },
        NOW * 1000,
      ),
    ).rejects.toMatchObject({ code: 'unauthorized', message: expect.stringContaining('signed out') });
  });
});

describe('requireLiveSession', () => {
  it('passes a session whose hold carries its id and has not expired', async () => {
    expect(await requireLiveSession(holding(ada), ada, NOW)).toBe(ada);
  });

  it.each([
    ['no hold (signed out)', new MemoryGuestNameHolds(), NOW],
    ['a hold of another session', holding({ ...ada, sessionId: 's-other' }), NOW],
    ['an expired hold', holding(ada), NOW + 3600],
  ])('refuses a session with %s as unauthorized (401)', async (_label, names, now) => {
    await expect(requireLiveSession(names, ada, now)).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
    });
  });

  it('looks the hold up by the skeleton of the name', async () => {
    const names = holding(ada);
    await requireLiveSession(names, ada, NOW);
    expect(names.calls).toEqual([`heldBy ${canonicalName('Ada')}`]);
  });
});
