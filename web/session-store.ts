import type { Session } from './types';

/**
 * The session the page holds: a guest's token, or an account's Cognito access token (`token`, used the same way)
 * with its refresh token. Kept in sessionStorage: one tab, one person, gone when the tab closes.
 */
export interface PageSession extends Session {
  kind: 'guest' | 'account';
  refreshToken?: string;
}

const key = 'chatty.session';
/** Treat a token as expired a little early so a reconnect never races its expiry. */
const skewMs = 30_000;

export function expiresAtMs(expiresAt: string | number): number | null {
  if (typeof expiresAt === 'number') return expiresAt < 1e12 ? expiresAt * 1000 : expiresAt;
  const numeric = Number(expiresAt);
  if (expiresAt.trim() !== '' && !Number.isNaN(numeric)) return expiresAtMs(numeric);
  const parsed = Date.parse(expiresAt);
  return Number.isNaN(parsed) ? null : parsed;
}

/** An unreadable expiry counts as valid: the server still refuses a stale token. */
export function isExpired(session: Session, now: number): boolean {
  const at = expiresAtMs(session.expiresAt);
  return at !== null && at - skewMs <= now;
}

export function loadSession(storage: Pick<Storage, 'getItem'>): PageSession | null {
  try {
    const s = JSON.parse(storage.getItem(key) ?? 'null') as Partial<PageSession> | null;
    if (!s || typeof s.token !== 'string' || typeof s.name !== 'string') return null;
    const session: PageSession = {
      token: s.token,
      name: s.name,
      expiresAt: s.expiresAt ?? '',
      kind: 'guest',
    };
    // Stored before accounts existed: a guest's.
    if (s.kind === 'account') {
      session.kind = 'account';
      if (typeof s.refreshToken === 'string') session.refreshToken = s.refreshToken;
    }
    return session;
  } catch {
    return null;
  }
}

export function saveSession(storage: Pick<Storage, 'setItem'>, session: PageSession): void {
  storage.setItem(key, JSON.stringify(session));
}

export function clearSession(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(key);
}
