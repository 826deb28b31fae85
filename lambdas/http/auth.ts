import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { TokenKey } from '../adapters/from-env';
import { bearerToken, type Session, verifyToken } from '../core/tokens';

/** The guest behind an `Authorization: Bearer` header; throws `unauthorized`/`token_expired`. */
export async function requireSession(
  event: APIGatewayProxyEventV2,
  tokenKey: TokenKey,
  nowMs: number,
): Promise<Session> {
  // HTTP API lower-cases header names in payload format 2.0.
  return verifyToken(await tokenKey(), bearerToken(event.headers?.authorization), nowMs);
}
