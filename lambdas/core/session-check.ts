import { canonicalName } from '../contract/canonical-name';
import { ChatError } from './errors';
import type { GuestNameHolds } from './guest-names';
import type { IdentityKind } from './identity';
import type { Session } from './tokens';

/**
 * A guest session is live while its name's hold still carries its id: signing out releases the hold, so the
 * token, however validly signed and unexpired, stops working at once, with no revocation list to keep. Callers
 * verify the signature first (no read for a forged token), then pay this one read (see GuestNameTable.heldBy).
 * An account's sign-in is checked against the revoked sign-ins instead (`RevokedSignIns`).
 */
export async function requireLiveSession(
  holds: Pick<GuestNameHolds, 'heldBy'>,
  session: Session,
  nowSeconds: number,
): Promise<Session> {
  if (!(await holds.heldBy(canonicalName(session.name), session.sessionId, nowSeconds))) {
    throw new ChatError('unauthorized', 'This session has ended (signed out): sign in again');
  }
  return session;
}

/**
 * The accounts' sign-ins that signed out, by `origin_jti` (which every access token refreshed from one sign-in
 * shares). Cognito's own revocation (GlobalSignOut, RevokeToken) stops refreshes, but an access token verified
 * against the pool's keys stays valid until `exp` whatever Cognito knows, so the APIs keep their own list.
 */
export interface RevokedSignIns {
  /** Records the sign-in as revoked until `untilSeconds`; false when it was revoked already. */
  revoke(sessionId: string, untilSeconds: number): Promise<boolean>;
  isRevoked(sessionId: string, nowSeconds: number): Promise<boolean>;
}

/** An account's sign-in is live until it signs out (its access token's own expiry is the verifier's to check). */
export async function requireLiveSignIn(
  revoked: Pick<RevokedSignIns, 'isRevoked'>,
  sessionId: string,
  nowSeconds: number,
): Promise<void> {
  if (await revoked.isRevoked(sessionId, nowSeconds)) {
    throw new ChatError('unauthorized', 'This sign-in has ended (signed out): sign in again');
  }
}

/** What a socket's authorizer context says of the session that opened it. */
export interface SocketSession {
  kind: IdentityKind;
  name: string;
  sessionId?: string;
  /** Epoch seconds: the token's expiry when the socket was opened. */
  expiresAt?: number;
}

export interface SessionLiveness {
  holds: Pick<GuestNameHolds, 'heldBy'>;
  revoked: Pick<RevokedSignIns, 'isRevoked'>;
}

/**
 * A socket outlives the check at `$connect`: API Gateway keeps it open up to 2 hours whatever becomes of the token.
 * So what a socket does in the session's name besides posting (join a room, edit, react) checks the session again:
 * expired (the token's expiry, carried in the authorizer context), signed out (one consistent read, as a Bearer
 * request pays), or from a context that names no session (refused: every socket opened since sessions have ids has
 * one). Posting, the hot path, checks only the free half (requireUnexpiredSocketSession).
 */
export async function requireLiveSocketSession(
  deps: SessionLiveness,
  session: SocketSession,
  nowMs: number,
): Promise<void> {
  const { sessionId, expiresAt, nowSeconds } = requireUnexpiredSocketSession(session, nowMs);
  if (session.kind === 'account') {
    await requireLiveSignIn(deps.revoked, sessionId, nowSeconds);
    return;
  }
  await requireLiveSession(deps.holds, { name: session.name, sessionId, expiresAt }, nowSeconds);
}

/**
 * The free half of the socket check, for the hot path (sendMessage): a context that names a session, and a token not
 * past its expiry, with no read. A plain message costs no more than it did before sessions could end: a signed-out
 * session's sockets are closed by the sign-out itself (core/sign-out.ts, within seconds) and `$connect` checks the
 * session again after recording its socket, so what remains is the moment between revocation and the close.
 */
export function requireUnexpiredSocketSession(
  session: SocketSession,
  nowMs: number,
): { sessionId: string; expiresAt: number; nowSeconds: number } {
  const nowSeconds = Math.floor(nowMs / 1000);
  const { sessionId, expiresAt } = session;
  if (sessionId === undefined || sessionId === '' || session.name === '') {
    throw new ChatError('unauthorized', 'This connection names no session: reconnect');
  }
  if (expiresAt === undefined || expiresAt <= nowSeconds) {
    throw new ChatError('token_expired', 'Your session has expired: sign in again and reconnect');
  }
  return { sessionId, expiresAt, nowSeconds };
}
