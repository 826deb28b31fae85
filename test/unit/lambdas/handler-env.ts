import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../../../lambdas/adapters/logger';
import type { IdentityCheckDeps } from '../../../lambdas/core/identity-check';
import { issueToken } from '../../../lambdas/core/tokens';
import type { WebSocketEvent } from '../../../lambdas/ws/websocket-event';
import { FakeAccountTokens } from './core/revocation-fakes';

// Handlers log the unexpected errors these tests provoke on purpose; the logger is one per module graph.
logger.setLogLevel('SILENT');

/** The key guest tokens are signed with in handler tests (handlers get it as `tokenKey`). */
export const TOKEN_KEY = 'unit-test-token-key';
export const tokenKey = async () => TOKEN_KEY;

/** An account's access token the fake pool vouches for: `grace`, sign-in `origin-jti-grace`, valid an hour. */
export const ACCOUNT_TOKEN = 'account.access.token';
const accountClaims = {
  username: 'grace',
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
  sessionId: 'origin-jti-grace',
};

/** The identity check of handler tests: guest tokens signed with TOKEN_KEY, ACCOUNT_TOKEN, every session live. */
export function identityCheck(overrides: Partial<IdentityCheckDeps> = {}): IdentityCheckDeps {
  return {
    guestKey: tokenKey,
    // Every guest session is live (not signed out): for handlers whose tests are about other things.
    holds: { heldBy: async () => true },
    accounts: new FakeAccountTokens({ [ACCOUNT_TOKEN]: accountClaims }),
    revoked: { isRevoked: async () => false },
    ...overrides,
  };
}

export function bearer(name: string, nowMs = Date.now(), key = TOKEN_KEY): string {
  return `Bearer ${issueToken(key, name, nowMs).token}`;
}

/** An HTTP API payload format 2.0 event: lower-cased headers, path parameters, optional body. */
export function httpEvent(
  routeKey: string,
  options: {
    body?: string;
    authorization?: string;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
    isBase64Encoded?: boolean;
  } = {},
): APIGatewayProxyEventV2 {
  const [method, path] = routeKey.split(' ');
  if (!method || !path) throw new Error(`a route key is "METHOD /path", not "${routeKey}"`);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    queryStringParameters: options.query,
    pathParameters: options.pathParameters,
    body: options.body,
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '01/May/2024:12:00:00 +0000',
      timeEpoch: 1_714_564_800_000,
    },
  };
}

/** The parsed JSON body of an HTTP result. */
export function bodyOf(result: APIGatewayProxyStructuredResultV2): Record<string, unknown> {
  return JSON.parse(result.body ?? 'null');
}

export function wsEvent(
  routeKey: string,
  options: {
    connectionId?: string;
    name?: string;
    body?: string;
    query?: Record<string, string>;
    /** The authorizer context's session; by default a guest's, live for another hour (as API Gateway: strings). */
    session?: { kind?: string; sessionId?: string; expiresAt?: string };
  } = {},
): WebSocketEvent {
  const eventType =
    routeKey === '$connect' ? 'CONNECT' : routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE';
  return {
    requestContext: {
      routeKey,
      eventType,
      connectionId: options.connectionId ?? 'conn-ada=',
      authorizer:
        options.name === undefined
          ? undefined
          : {
              name: options.name,
              principalId: options.name,
              kind: 'guest',
              sessionId: `session-${options.name}`,
              expiresAt: String(Math.floor(Date.now() / 1000) + 3600),
              ...options.session,
            },
    },
    queryStringParameters: options.query ?? null,
    body: options.body,
  };
}

export const roomItem = (roomId: string) => ({
  pk: 'ROOMS',
  sk: `ROOM#${roomId}`,
  roomId,
  name: roomId,
  createdAt: '2024-05-01T12:00:00.000Z',
  createdBy: 'Ada',
});

export const connectionItem = (connectionId: string, roomId: string, name: string) => ({
  pk: `CONN#${connectionId}`,
  sk: 'CONN',
  roomPk: `CONNS#${roomId}`,
  roomSk: connectionId,
  connectionId,
  roomId,
  name,
  connectedAt: '2024-05-01T12:00:00.000Z',
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
});
