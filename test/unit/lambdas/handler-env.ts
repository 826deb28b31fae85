import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { vi } from 'vitest';
import { issueToken } from '../../../lambdas/core/tokens';
import type { WebSocketEvent } from '../../../lambdas/ws/events';

/**
 * Shared set-up for handler tests. Handlers read their env vars and build SDK clients at module scope, so a
 * test stubs the env first and then imports the handler dynamically; aws-sdk-client-mock patches the client
 * classes, so instances the handler makes later are mocked too.
 */
export const TOKEN_KEY = 'unit-test-token-key';
export const TABLE = 'chatty-unit';
export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:chatty-token-key';

export function stubHandlerEnv(): void {
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDUNITTEST',
    AWS_SECRET_ACCESS_KEY: 'unit-test-secret',
    TABLE_NAME: TABLE,
    EVENT_BUS_NAME: 'chatty',
    WEBSOCKET_CALLBACK_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com/live',
    TOKEN_SECRET_ARN: SECRET_ARN,
    MESSAGE_TTL_HOURS: '48',
    POWERTOOLS_SERVICE_NAME: 'chatty-unit',
    // Handlers log unexpected errors; the tests provoke them on purpose.
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
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
  options: { connectionId?: string; name?: string; body?: string; query?: Record<string, string> } = {},
): WebSocketEvent {
  const eventType =
    routeKey === '$connect' ? 'CONNECT' : routeKey === '$disconnect' ? 'DISCONNECT' : 'MESSAGE';
  return {
    requestContext: {
      routeKey,
      eventType,
      connectionId: options.connectionId ?? 'conn-ada=',
      authorizer: options.name === undefined ? undefined : { name: options.name, principalId: options.name },
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
