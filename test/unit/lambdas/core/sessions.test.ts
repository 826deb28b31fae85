import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../../lambdas/core/errors';
import { signInGuest } from '../../../../lambdas/core/sessions';
import { TOKEN_LIFETIME_SECONDS, verifyToken } from '../../../../lambdas/core/tokens';
import { FakeRateLimiter, T0 } from './fakes';
import { MemoryGuestNameHolds } from './name-fakes';

const KEY = 'sessions-test-key';

function world() {
  const limiter = new FakeRateLimiter();
  const names = new MemoryGuestNameHolds();
  return {
    limiter,
    names,
    deps: { tokenKey: async () => KEY, signInsPerMinute: { limiter, count: 20 }, names },
  };
}

describe('signInGuest', () => {
  it('issues a token for the trimmed name, counting the sign-in against its source address', async () => {
    const { deps, limiter } = world();
    const session = await signInGuest(deps, ' Ada ', '203.0.113.7', T0);
    expect(session.name).toBe('Ada');
    expect(verifyToken(KEY, session.token, T0).name).toBe('Ada');
    expect(limiter.calls).toEqual([{ key: 'signin#203.0.113.7', nowMs: T0 }]);
  });

  it("holds the name for the token's session until the token expires", async () => {
    const { deps, names } = world();
    const session = await signInGuest(deps, 'Ada', '203.0.113.7', T0);
    const verified = verifyToken(KEY, session.token, T0);
    expect(session.expiresAt).toBe(T0 / 1000 + TOKEN_LIFETIME_SECONDS);
    expect(names.holds.get('ada')).toEqual({
      canonical: 'ada',
      name: 'Ada',
      sessionId: verified.sessionId,
      expiresAt: session.expiresAt,
      kind: 'guest',
    });
  });

  it('gives every session its own id', async () => {
    const { deps } = world();
    const a = verifyToken(KEY, (await signInGuest(deps, 'Ada', '203.0.113.7', T0)).token, T0);
    const b = verifyToken(KEY, (await signInGuest(deps, 'Bob', '203.0.113.7', T0)).token, T0);
    expect(a.sessionId).not.toBe(b.sessionId);
  });

  it.each(['ada', 'A D A', 'ad-a'])(
    'refuses %j with name_taken (409) while "Ada" is held, after taking a slot of the limit',
    async (name) => {
      const { deps, limiter, names } = world();
      await signInGuest(deps, 'Ada', '203.0.113.7', T0);
      const err = await signInGuest(deps, name, '198.51.100.2', T0 + 1000).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChatError);
      expect(err).toMatchObject({ code: 'name_taken', status: 409 });
      expect(limiter.calls.map((c) => c.key)).toEqual(['signin#203.0.113.7', 'signin#198.51.100.2']);
      expect(names.holds.size).toBe(1);
    },
  );

  it('lets a second guest take the name once the first session has expired', async () => {
    const { deps } = world();
    const first = await signInGuest(deps, 'Ada', '203.0.113.7', T0);
    const second = await signInGuest(deps, 'ada', '198.51.100.2', first.expiresAt * 1000);
    expect(second.name).toBe('ada');
  });

  it('refuses past the limit with rate_limited (429) naming the limit, and holds no name', async () => {
    const { deps, limiter, names } = world();
    limiter.allow = false;
    const err = await signInGuest(deps, 'Ada', '203.0.113.7', T0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({
      code: 'rate_limited',
      status: 429,
      message: expect.stringMatching(/20 a minute/),
    });
    expect(names.calls).toEqual([]);
  });

  it('holds no name when the token key cannot be read', async () => {
    const { deps, names } = world();
    deps.tokenKey = async () => {
      throw new Error('AccessDeniedException');
    };
    await expect(signInGuest(deps, 'Ada', '203.0.113.7', T0)).rejects.toThrow('AccessDenied');
    expect(names.calls).toEqual([]);
  });

  it.each([
    ['', 'invalid_name'],
    ['pyro', 'name_reserved'],
    ['Pyr0', 'name_reserved'],
    ['P y r o', 'name_reserved'],
  ])('refuses the name %j (%s) without counting it or claiming anything', async (name, code) => {
    const { deps, limiter, names } = world();
    await expect(signInGuest(deps, name, '203.0.113.7', T0)).rejects.toMatchObject({ code });
    expect(limiter.calls).toEqual([]);
    expect(names.calls).toEqual([]);
  });
});
