import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../../lambdas/core/errors';
import { signInGuest } from '../../../../lambdas/core/sessions';
import { verifyToken } from '../../../../lambdas/core/tokens';
import { FakeRateLimiter, T0 } from './fakes';

const KEY = 'sessions-test-key';

function world() {
  const limiter = new FakeRateLimiter();
  return { limiter, deps: { tokenKey: async () => KEY, signInsPerMinute: { limiter, count: 20 } } };
}

describe('signInGuest', () => {
  it('issues a token for the trimmed name, counting the sign-in against its source address', async () => {
    const { deps, limiter } = world();
    const session = await signInGuest(deps, ' Ada ', '203.0.113.7', T0);
    expect(session.name).toBe('Ada');
    expect(verifyToken(KEY, session.token, T0).name).toBe('Ada');
    expect(limiter.calls).toEqual([{ key: 'signin#203.0.113.7', nowMs: T0 }]);
  });

  it('refuses past the limit with rate_limited (429) naming the limit, and issues nothing', async () => {
    const { deps, limiter } = world();
    limiter.allow = false;
    const err = await signInGuest(deps, 'Ada', '203.0.113.7', T0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({
      code: 'rate_limited',
      status: 429,
      message: expect.stringMatching(/20 a minute/),
    });
  });

  it.each([
    ['', 'invalid_name'],
    ['pyro', 'name_reserved'],
  ])('refuses the name %j (%s) without counting it', async (name, code) => {
    const { deps, limiter } = world();
    await expect(signInGuest(deps, name, '203.0.113.7', T0)).rejects.toMatchObject({ code });
    expect(limiter.calls).toEqual([]);
  });
});
