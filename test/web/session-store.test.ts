import { describe, expect, it } from 'vitest';
import { clearSession, expiresAtMs, isExpired, loadSession, saveSession } from '../../web/session-store';

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

describe('expiresAtMs', () => {
  it('reads ISO strings, epoch seconds and epoch milliseconds alike', () => {
    const ms = Date.parse('2024-05-01T12:00:00Z');
    expect(expiresAtMs('2024-05-01T12:00:00Z')).toBe(ms);
    expect(expiresAtMs(ms / 1000)).toBe(ms);
    expect(expiresAtMs(ms)).toBe(ms);
    expect(expiresAtMs(String(ms / 1000))).toBe(ms);
    expect(expiresAtMs('whenever')).toBeNull();
  });
});

describe('isExpired', () => {
  const expiresAt = '2024-05-01T12:00:00Z';
  const at = Date.parse(expiresAt);

  it('counts a token as expired slightly before its expiry so a reconnect does not race it', () => {
    expect(isExpired({ token: 't', name: 'Ada', expiresAt }, at - 60_000)).toBe(false);
    expect(isExpired({ token: 't', name: 'Ada', expiresAt }, at - 10_000)).toBe(true);
  });

  it('leaves an unreadable expiry to the server', () => {
    expect(isExpired({ token: 't', name: 'Ada', expiresAt: '' }, at)).toBe(false);
  });
});

describe('session storage', () => {
  it('round-trips a session and forgets it on sign-out', () => {
    const storage = memoryStorage();
    const session = { token: 't', name: 'Ada', expiresAt: '2024-05-01T12:00:00Z', kind: 'guest' as const };
    saveSession(storage, session);
    expect(loadSession(storage)).toEqual(session);
    clearSession(storage);
    expect(loadSession(storage)).toBeNull();
  });

  it("keeps an account's kind and refresh token, and reads a session stored before accounts as a guest's", () => {
    const storage = memoryStorage();
    const account = {
      token: 'a.b.c',
      name: 'Ada',
      expiresAt: '',
      kind: 'account' as const,
      refreshToken: 'r',
    };
    saveSession(storage, account);
    expect(loadSession(storage)).toEqual(account);
    storage.setItem('chatty.session', '{"token":"t","name":"Ada","expiresAt":"x"}');
    expect(loadSession(storage)).toEqual({ token: 't', name: 'Ada', expiresAt: 'x', kind: 'guest' });
    // A refresh token on a guest's session is not kept: a guest's token cannot be refreshed.
    storage.setItem('chatty.session', '{"token":"t","name":"Ada","expiresAt":"x","refreshToken":"r"}');
    expect(loadSession(storage)).toEqual({ token: 't', name: 'Ada', expiresAt: 'x', kind: 'guest' });
  });

  it('ignores a corrupt or incomplete stored value', () => {
    const storage = memoryStorage();
    storage.setItem('chatty.session', '{oops');
    expect(loadSession(storage)).toBeNull();
    storage.setItem('chatty.session', '{"name":"Ada"}');
    expect(loadSession(storage)).toBeNull();
  });
});
