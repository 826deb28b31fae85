import { beforeEach, describe, expect, it } from 'vitest';
import { canonicalName } from '../../../../lambdas/contract/canonical-name';
import { ChatError } from '../../../../lambdas/core/errors';
import {
  type AccountTokenVerifier,
  checkIdentity,
  type IdentityCheckDeps,
} from '../../../../lambdas/core/identity-check';
import { issueToken } from '../../../../lambdas/core/tokens';
import { MemoryGuestNameHolds } from './name-fakes';
import { MemoryRevokedSignIns } from './revocation-fakes';

const KEY = 'guest-token-key';
const NOW = Date.UTC(2026, 0, 1);
const ACCESS_TOKEN = 'header.payload.signature';

/** An account verifier that accepts one token and refuses the rest, recording what it was asked. */
class FakeAccounts implements AccountTokenVerifier {
  readonly asked: string[] = [];
  async verify(token: string) {
    this.asked.push(token);
    if (token !== ACCESS_TOKEN) throw new ChatError('unauthorized', 'The token is not valid: sign in again');
    return { username: 'ada', expiresAt: NOW / 1000 + 3600, sessionId: 'origin-ada' };
  }
}

let holds: MemoryGuestNameHolds;
let accounts: FakeAccounts;
let revoked: MemoryRevokedSignIns;
let deps: IdentityCheckDeps;

function liveGuest(name: string): { token: string; expiresAt: number } {
  const issued = issueToken(KEY, name, NOW, `session-${name}`);
  const canonical = canonicalName(name);
  holds.holds.set(canonical, {
    canonical,
    name,
    sessionId: `session-${name}`,
    expiresAt: issued.expiresAt,
    kind: 'guest',
  });
  return issued;
}

beforeEach(() => {
  holds = new MemoryGuestNameHolds();
  accounts = new FakeAccounts();
  revoked = new MemoryRevokedSignIns();
  deps = { guestKey: async () => KEY, holds, accounts, revoked };
});

describe('checkIdentity', () => {
  it('an access token (a JWT) names an account by its username and its sign-in, without reading any guest hold', async () => {
    await expect(checkIdentity(deps, ACCESS_TOKEN, NOW)).resolves.toEqual({
      identity: { kind: 'account', id: 'ada' },
      name: 'ada',
      expiresAt: NOW / 1000 + 3600,
      sessionId: 'origin-ada',
    });
    expect(holds.calls).toEqual([]);
    // One read: has this sign-in signed out?
    expect(revoked.calls).toEqual(['isRevoked origin-ada']);
  });

  it("refuses an account's access token once its sign-in has signed out, until the record expires", async () => {
    await revoked.revoke('origin-ada', NOW / 1000 + 60);
    await expect(checkIdentity(deps, ACCESS_TOKEN, NOW)).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('signed out'),
    });
    // A record past its TTL (DynamoDB deletes it late) no longer counts.
    await expect(checkIdentity(deps, ACCESS_TOKEN, NOW + 61_000)).resolves.toMatchObject({
      identity: { kind: 'account' },
    });
  });

  it('a refused access token costs no read of the revoked sign-ins', async () => {
    await expect(checkIdentity(deps, 'forged.jwt.token', NOW)).rejects.toMatchObject({
      code: 'unauthorized',
    });
    expect(revoked.calls).toEqual([]);
  });

  it('an account token the verifier refuses is refused as it says', async () => {
    await expect(checkIdentity(deps, 'forged.jwt.token', NOW)).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });

  it("the verifier's own failure (keys unreachable) passes through: a 5xx, not a 401", async () => {
    const down: AccountTokenVerifier = {
      verify: async () => {
        throw new Error('JWKS fetch failed');
      },
    };
    const err = await checkIdentity({ ...deps, accounts: down }, ACCESS_TOKEN, NOW).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ChatError);
  });

  it('refuses an account token where no user pool is configured', async () => {
    const { accounts: _, ...guestsOnly } = deps;
    await expect(checkIdentity(guestsOnly, ACCESS_TOKEN, NOW)).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('Accounts are not enabled'),
    });
  });

  it('a live guest token names the guest, with its session, after one read of its hold', async () => {
    const { token, expiresAt } = liveGuest('bob');
    await expect(checkIdentity(deps, token, NOW)).resolves.toEqual({
      identity: { kind: 'guest', id: 'bob' },
      name: 'bob',
      expiresAt,
      sessionId: 'session-bob',
      session: { name: 'bob', expiresAt, sessionId: 'session-bob' },
    });
    expect(holds.calls).toEqual([`heldBy ${canonicalName('bob')}`]);
    expect(accounts.asked).toEqual([]);
  });

  it('refuses a signed-out guest (its hold released)', async () => {
    const { token } = liveGuest('bob');
    holds.holds.clear();
    await expect(checkIdentity(deps, token, NOW)).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringContaining('signed out'),
    });
  });

  it('refuses a forged guest token before any read, and never hands it to the account verifier', async () => {
    const { token } = issueToken('another-key', 'bob', NOW, 'session-bob');
    await expect(checkIdentity(deps, token, NOW)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(holds.calls).toEqual([]);
    expect(accounts.asked).toEqual([]);
  });

  it('refuses an expired guest token with token_expired', async () => {
    const { token, expiresAt } = liveGuest('bob');
    await expect(checkIdentity(deps, token, expiresAt * 1000)).rejects.toMatchObject({
      code: 'token_expired',
    });
  });

  it('refuses a missing token and one of neither shape', async () => {
    for (const token of [undefined, null, '']) {
      await expect(checkIdentity(deps, token, NOW)).rejects.toMatchObject({
        code: 'unauthorized',
        message: expect.stringContaining('A token is required'),
      });
    }
    for (const token of ['garbage', 'a.b.c.d']) {
      await expect(checkIdentity(deps, token, NOW)).rejects.toMatchObject({ code: 'unauthorized' });
    }
  });
});
