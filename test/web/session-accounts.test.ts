import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../web/api';
import { CognitoError, type CognitoTokens } from '../../web/cognito';
import { expiredMessage, refreshRetryMs, SessionController, type SignInView } from '../../web/session';
import { type PageSession, saveSession } from '../../web/session-store';
import { refreshLeadMs } from '../../web/token-refresh';
import { deferred, FakeClock, memoryStorage, recordingView } from './fakes';
import { accessToken } from './jwt';

const hour = 3_600_000;
const start = Date.parse('2024-05-01T12:00:00Z');

function setup(
  opts: {
    stored?: PageSession;
    refresh?: (refreshToken: string) => Promise<CognitoTokens>;
    revokeToken?: (refreshToken: string) => Promise<void>;
    deleteSession?: (token: string) => Promise<void>;
  } = {},
) {
  const clock = new FakeClock(start);
  const storage = memoryStorage();
  if (opts.stored) saveSession(storage, opts.stored);
  const { view, calls } = recordingView<SignInView>();
  const events: string[] = [];
  let issued = 0;
  const refresh = vi.fn(
    opts.refresh ??
      (async () => ({ accessToken: accessToken('ada', clock.now() + hour, `renewed-${++issued}`) })),
  );
  const revokeToken = vi.fn(opts.revokeToken ?? (async () => undefined));
  const deleteSession = vi.fn(opts.deleteSession ?? (async () => undefined));
  const controller = new SessionController({
    storage,
    now: clock.now,
    clock,
    api: () => ({ createSession: vi.fn(), deleteSession }),
    accounts: () => ({ refresh, revokeToken }),
    view,
    onSignIn: () => events.push('signed in'),
    onSignOut: () => events.push('signing out'),
    onRenewed: () => events.push(`renewed ${controller.current?.token.slice(-12)}`),
  });
  return { controller, clock, storage, calls, events, refresh, revokeToken, deleteSession };
}

const stored = (storage: ReturnType<typeof memoryStorage>) =>
  JSON.parse(storage.data.get('chatty.session') ?? 'null') as PageSession | null;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SessionController with an account', () => {
  it('keeps the tokens, names the person from the access token and marks its messages as a user’s', () => {
    const { controller, storage, calls, events } = setup();
    const token = accessToken('ada', start + hour);
    expect(controller.signInAccount({ accessToken: token, refreshToken: 'refresh-1' })).toBe(true);
    expect(stored(storage)).toEqual({
      kind: 'account',
      token,
      name: 'ada',
      expiresAt: new Date(start + hour).toISOString(),
      refreshToken: 'refresh-1',
    });
    expect(controller.senderType).toBe('user');
    expect(calls).toEqual([['showChat', 'ada']]);
    expect(events).toEqual(['signed in']);
  });

  it('refuses tokens it cannot read, keeping nothing', () => {
    const { controller, storage } = setup();
    expect(controller.signInAccount({ accessToken: 'not-a-jwt', refreshToken: 'r' })).toBe(false);
    expect(storage.data.size).toBe(0);
    expect(controller.senderType).toBe('guest');
  });

  it('refreshes five minutes before each expiry, keeping the refresh token, and says so', async () => {
    const { controller, clock, storage, refresh, events } = setup();
    controller.signInAccount({ accessToken: accessToken('ada', start + hour), refreshToken: 'refresh-1' });
    clock.advance(hour - refreshLeadMs - 1);
    expect(refresh).not.toHaveBeenCalled();
    clock.advance(1);
    expect(refresh).toHaveBeenCalledWith('refresh-1');
    await flush();
    expect(controller.current?.token).not.toBe(accessToken('ada', start + hour));
    expect(events).toEqual(['signed in', `renewed ${controller.current?.token.slice(-12)}`]);
    expect(stored(storage)).toMatchObject({
      refreshToken: 'refresh-1',
      expiresAt: new Date(clock.now() + hour).toISOString(),
    });
    // The next one is planned from the new token's expiry.
    clock.advance(hour - refreshLeadMs);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('refreshes once however many ask at the same time', async () => {
    const pending = deferred<CognitoTokens>();
    const { controller, refresh } = setup({ refresh: () => pending.promise });
    controller.signInAccount({ accessToken: accessToken('ada', start + hour), refreshToken: 'r' });
    const first = controller.renew();
    const second = controller.renew();
    controller.tokenRefused();
    expect(refresh).toHaveBeenCalledTimes(1);
    pending.resolve({ accessToken: accessToken('ada', start + 2 * hour) });
    expect(await first).toBe(true);
    expect(await second).toBe(true);
  });

  it('signs out with the expiry message on the account form when Cognito refuses the refresh token', async () => {
    const { controller, calls, storage, events } = setup({
      refresh: async () => {
        throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked', 400);
      },
    });
    controller.signInAccount({ accessToken: accessToken('ada', start + hour), refreshToken: 'r' });
    expect(await controller.renew()).toBe(false);
    expect(storage.data.size).toBe(0);
    expect(events).toEqual(['signed in', 'signing out']);
    expect(calls.at(-1)).toEqual(['showAccountSignIn', expiredMessage, 'ada']);
  });

  it('keeps the session when Cognito cannot be reached, and tries again later', async () => {
    let fail = true;
    const { controller, clock, refresh, events } = setup({
      refresh: async () => {
        if (fail) throw new CognitoError('NetworkError', 'offline', 0);
        return { accessToken: accessToken('ada', clock.now() + hour) };
      },
    });
    controller.signInAccount({ accessToken: accessToken('ada', start + hour), refreshToken: 'r' });
    expect(await controller.renew()).toBe(false);
    expect(controller.current?.kind).toBe('account');
    fail = false;
    clock.advance(refreshRetryMs);
    expect(refresh).toHaveBeenCalledTimes(2);
    await flush();
    expect(events.at(-1)).toMatch(/^renewed /);
  });

  it('refreshes and retries a call refused with token_expired, and passes any other refusal on', async () => {
    const { controller, refresh } = setup();
    controller.signInAccount({ accessToken: accessToken('ada', start + hour, 'first'), refreshToken: 'r' });
    const firstToken = controller.current?.token;
    const seen: (string | undefined)[] = [];
    const result = await controller.authorized(async (token) => {
      seen.push(token);
      if (token === firstToken) throw new ApiError(401, 'token_expired', 'expired');
      return 'created';
    });
    expect(result).toBe('created');
    expect(seen).toEqual([firstToken, controller.current?.token]);
    expect(refresh).toHaveBeenCalledTimes(1);

    const other = new ApiError(401, 'unauthorized', 'signed out');
    await expect(
      controller.authorized(async () => {
        throw other;
      }),
    ).rejects.toBe(other);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("does not refresh a guest's token: a refused one signs the guest out", async () => {
    const guest: PageSession = {
      kind: 'guest',
      token: 'g',
      name: 'Ben',
      expiresAt: new Date(start + hour).toISOString(),
    };
    const { controller, refresh, calls } = setup({ stored: guest });
    const expired = new ApiError(401, 'token_expired', 'expired');
    await expect(
      controller.authorized(async () => {
        throw expired;
      }),
    ).rejects.toBe(expired);
    expect(await controller.renew()).toBe(false);
    controller.tokenRefused();
    expect(refresh).not.toHaveBeenCalled();
    expect(calls).toEqual([['showSignIn', expiredMessage, 'Ben']]);
  });

  it('signs out on the server and revokes the refresh token at Cognito, then shows the account form', async () => {
    const { controller, deleteSession, revokeToken, calls, storage, clock, refresh } = setup({
      revokeToken: async () => {
        throw new CognitoError('UnknownError', 'down', 500);
      },
    });
    const token = accessToken('ada', start + hour);
    controller.signInAccount({ accessToken: token, refreshToken: 'refresh-1' });
    await controller.signOut();
    expect(deleteSession).toHaveBeenCalledWith(token);
    expect(revokeToken).toHaveBeenCalledWith('refresh-1');
    expect(storage.data.size).toBe(0);
    expect(calls.at(-1)).toEqual(['showAccountSignIn', '', 'ada']);
    // The planned refresh went with the session.
    clock.advance(2 * hour);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('restores an account whose access token expired while the tab slept: refreshed, then the chat', async () => {
    const sleeping: PageSession = {
      kind: 'account',
      token: accessToken('ada', start - hour),
      name: 'ada',
      expiresAt: new Date(start - hour).toISOString(),
      refreshToken: 'r',
    };
    const { controller, calls, events, refresh } = setup({ stored: sleeping });
    controller.restore();
    expect(calls).toEqual([['showChat', 'ada']]);
    controller.resume();
    expect(refresh).toHaveBeenCalledWith('r');
    await flush();
    expect(events).toEqual([expect.stringMatching(/^renewed /), 'signed in']);
    expect(controller.expired()).toBe(false);
  });
});
