import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../web/api';
import { roomsApi } from '../../web/rooms-api';
import { SessionController, type SignInView } from '../../web/session';
import { saveSession } from '../../web/session-store';
import { FakeClock, memoryStorage, recordingView } from './fakes';
import { accessToken } from './jwt';

const hour = 3_600_000;
const start = Date.parse('2024-05-01T12:00:00Z');

function setup(kind: 'account' | 'guest') {
  const clock = new FakeClock(start);
  const storage = memoryStorage();
  const stale = kind === 'account' ? accessToken('ada', start - 1000, 'stale') : 'guest.token';
  saveSession(storage, {
    kind,
    name: 'ada',
    token: stale,
    expiresAt: new Date(start - 1000).toISOString(),
    ...(kind === 'account' ? { refreshToken: 'refresh-1' } : {}),
  });
  const renewed = accessToken('ada', start + hour, 'renewed');
  const refresh = vi.fn(async () => ({ accessToken: renewed }));
  const { view } = recordingView<SignInView>();
  const session = new SessionController({
    storage,
    now: clock.now,
    clock,
    api: () => ({ createSession: vi.fn(), deleteSession: vi.fn() }),
    accounts: () => ({ refresh, revokeToken: vi.fn() }),
    view,
    onSignIn: () => undefined,
    onSignOut: () => undefined,
  });
  const seen: (string | undefined)[] = [];
  const listRooms = vi.fn(async (opts: { token?: string } = {}) => {
    seen.push(opts.token);
    if (opts.token === stale) throw new ApiError(401, 'token_expired', 'The access token has expired');
    return { rooms: [], next: null };
  });
  const api = roomsApi({ listRooms, createRoom: vi.fn() }, session);
  return { api, session, seen, stale, renewed, refresh };
}

describe('roomsApi', () => {
  it("lists an account's rooms again with a refreshed token when the server says it expired: still signed in", async () => {
    const { api, session, seen, stale, renewed, refresh } = setup('account');
    expect(await api.listRooms({ limit: 50, token: stale })).toEqual({ rooms: [], next: null });
    expect(seen).toEqual([stale, renewed]);
    expect(refresh).toHaveBeenCalledOnce();
    expect(session.current).toMatchObject({ kind: 'account', token: renewed });
  });

  it("leaves a guest's refusal to the caller (a guest signs in again), and lists without a token as it is", async () => {
    const { api, seen, stale, refresh } = setup('guest');
    await expect(api.listRooms({ token: stale })).rejects.toMatchObject({
      status: 401,
      code: 'token_expired',
    });
    expect(await api.listRooms({ limit: 50 })).toEqual({ rooms: [], next: null });
    expect(seen).toEqual([stale, undefined]);
    expect(refresh).not.toHaveBeenCalled();
  });
});
