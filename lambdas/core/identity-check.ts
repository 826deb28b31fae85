import { ChatError } from './errors';
import type { GuestNameHolds } from './guest-names';
import type { Identity } from './identity';
import { type RevokedSignIns, requireLiveSession, requireLiveSignIn } from './session-check';
import { type Session, verifyToken } from './tokens';

/** What an account's access token says once its signature and claims have been checked. */
export interface AccountClaims {
  /** The `username` claim: the name an account speaks as. */
  username: string;
  /** Epoch seconds (the `exp` claim). */
  expiresAt: number;
  /**
   * The sign-in the token belongs to (the `origin_jti` claim): every access token refreshed from one sign-in
   * shares it, so signing out revokes them all at once.
   */
  sessionId: string;
}

/**
 * Verifies an account's access token (adapters/cognito-verifier.ts: Cognito's keys, issuer, client id, `token_use`
 * and expiry). Throws a ChatError (`unauthorized`/`token_expired`) for a token it refuses; anything else it throws is
 * our own failure (e.g. the pool's keys cannot be fetched), a 5xx rather than the caller's fault.
 */
export interface AccountTokenVerifier {
  verify(token: string): Promise<AccountClaims>;
}

/**
 * Who a Bearer token speaks for, and its session: a guest's own session id, an account's sign-in (`origin_jti`).
 * Signing out needs the id, and a socket carries it (and the expiry) in its authorizer context.
 */
export type CheckedIdentity =
  | {
      identity: Identity & { kind: 'guest' };
      name: string;
      expiresAt: number;
      sessionId: string;
      session: Session;
    }
  | { identity: Identity & { kind: 'account' }; name: string; expiresAt: number; sessionId: string };

export interface IdentityCheckDeps {
  /** The key that signs guest tokens. */
  guestKey: () => Promise<string>;
  /** The guest names' holds: a guest session lives while its name's hold carries its id (core/session-check.ts). */
  holds: Pick<GuestNameHolds, 'heldBy'>;
  /** Absent where no user pool is configured: an account's token is then refused like any unknown token. */
  accounts?: AccountTokenVerifier;
  /** The accounts' sign-ins that signed out (one consistent read per account request). */
  revoked: Pick<RevokedSignIns, 'isRevoked'>;
}

/**
 * The one identity check of both APIs: a Cognito access token (a JWT, three dot-separated parts) names an account;
 * a guest token (two parts, HMAC-signed by us) names a guest and keeps every check it had: signature, expiry, then
 * one read of the name's hold so a signed-out session is refused; an account's token, once verified, costs one read
 * of the revoked sign-ins for the same reason. The shape alone chooses the path, so a guest
 * token is never handed to the JWT verifier nor a JWT to the HMAC check.
 */
export async function checkIdentity(
  deps: IdentityCheckDeps,
  token: string | undefined | null,
  nowMs: number,
): Promise<CheckedIdentity> {
  if (!token) {
    throw new ChatError(
      'unauthorized',
      'A token is required: sign in, or continue as a guest with POST /sessions',
    );
  }
  if (token.split('.').length === 3) {
    if (!deps.accounts) {
      throw new ChatError(
        'unauthorized',
        'Accounts are not enabled here: continue as a guest with POST /sessions',
      );
    }
    const { username, expiresAt, sessionId } = await deps.accounts.verify(token);
    await requireLiveSignIn(deps.revoked, sessionId, Math.floor(nowMs / 1000));
    return { identity: { kind: 'account', id: username }, name: username, expiresAt, sessionId };
  }
  const session = await requireLiveSession(
    deps.holds,
    verifyToken(await deps.guestKey(), token, nowMs),
    Math.floor(nowMs / 1000),
  );
  return {
    identity: { kind: 'guest', id: session.name },
    name: session.name,
    expiresAt: session.expiresAt,
    sessionId: session.sessionId,
    session,
  };
}
