import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { TokenKey } from '../adapters/from-env';
import type { GuestNameHolds } from '../core/guest-names';
import { requireLiveSession } from '../core/session-check';
import { bearerToken, type Session, verifyToken } from '../core/tokens';

/** What checking a Bearer token takes: the signing key, and the name holds that say whether its session lives. */
export interface SessionAuth {
  tokenKey: TokenKey;
  names: Pick<GuestNameHolds, 'heldBy'>;
}

/**
 * The guest behind an `Authorization: Bearer` header; throws `unauthorized`/`token_expired`. The signature and
 * expiry are checked first (no read), then that the session has not signed out: one strongly consistent GetItem
 * of the name's hold per request (core/session-check.ts).
 */
export async function requireSession(
  event: APIGatewayProxyEventV2,
  auth: SessionAuth,
  nowMs: number,
): Promise<Session> {
  // HTTP API lower-cases header names in payload format 2.0.
  const session = verifyToken(await auth.tokenKey(), bearerToken(event.headers?.authorization), nowMs);
  return requireLiveSession(auth.names, session, Math.floor(nowMs / 1000));
}
