import type { Session } from './types';

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

export function loadSession(storage: Pick<Storage, 'getItem'>): Session | null {
  try {
    const s = JSON.parse(storage.getItem(key) ?? 'null') as Partial<Session> | null;
    if (!s || typeof s.token !== 'string' || typeof s.name !== 'string') return null;
    return { token: s.token, name: s.name, expiresAt: s.expiresAt ?? '' };
  } catch {
    return null;
  }
}

export function saveSession(storage: Pick<Storage, 'setItem'>, session: Session): void {
  storage.setItem(key, JSON.stringify(session));
}

export function clearSession(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(key);
}
