import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type CheckedIdentity, checkIdentity, type IdentityCheckDeps } from '../core/identity-check';
import { bearerToken } from '../core/tokens';

/**
 * Who an `Authorization: Bearer` header speaks for: an account (a Cognito access token) or a guest (our token);
 * throws `unauthorized`/`token_expired`. The token is verified first (no read for a forged one), then one strongly
 * consistent GetItem says whether its session has signed out (core/identity-check.ts).
 */
export function requirePerson(
  event: APIGatewayProxyEventV2,
  deps: IdentityCheckDeps,
  nowMs: number,
): Promise<CheckedIdentity> {
  // HTTP API lower-cases header names in payload format 2.0.
  return checkIdentity(deps, bearerToken(event.headers?.authorization), nowMs);
}
