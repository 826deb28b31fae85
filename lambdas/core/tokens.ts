import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { ChatError } from './errors';

/** Guest tokens live 12 hours: long enough for a day's chat, short enough that a leaked one fades. */
export const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

export interface Session {
  name: string;
  /** Epoch seconds. */
  expiresAt: number;
  /**
   * The session's own id: the guest name's hold (core/guest-names.ts) records it, so that this session — and only
   * it — can release the name before it expires.
   */
  sessionId: string;
}

/** A new session's id: random, so no one can guess another's and release their name. */
export function newSessionId(): string {
  return randomUUID();
}

/**
 * A guest token is `base64url(JSON {n, e, s}) . base64url(HMAC-SHA256(key, payload))` (name, expiry, session id):
 * the server can trust what it says offline, without reading the session's name hold.
 */
export function issueToken(
  key: string,
  name: string,
  nowMs: number,
  sessionId: string = newSessionId(),
): { token: string; expiresAt: number } {
  const expiresAt = Math.floor(nowMs / 1000) + TOKEN_LIFETIME_SECONDS;
  const payload = Buffer.from(JSON.stringify({ n: name, e: expiresAt, s: sessionId })).toString('base64url');
  return { token: `${payload}.${sign(key, payload)}`, expiresAt };
}

/** Returns the session in a valid token; throws `unauthorized` or `token_expired` otherwise. */
export function verifyToken(key: string, token: string | undefined | null, nowMs: number): Session {
  if (!token) throw new ChatError('unauthorized', 'A token is required: sign in with POST /sessions');
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  let session: { n?: unknown; e?: unknown; s?: unknown };
  try {
    session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  // A token without a session id was issued before names were held: honouring it would let it speak as a name
  // another guest may hold now. Its holder signs in again.
  if (typeof session.n !== 'string' || typeof session.e !== 'number' || typeof session.s !== 'string') {
    throw invalid();
  }
  if (session.e * 1000 <= nowMs) throw new ChatError('token_expired', 'The token has expired: sign in again');
  return { name: session.n, expiresAt: session.e, sessionId: session.s };
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

function sign(key: string, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

function invalid(): ChatError {
  return new ChatError('unauthorized', 'The token is not valid: sign in again');
}
