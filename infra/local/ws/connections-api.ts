/**
 * The `@connections` management API (what `@aws-sdk/client-apigatewaymanagementapi` calls):
 * `POST|GET|DELETE /{stage}/@connections/{connectionId}`. Errors carry `x-amzn-ErrorType`, because the SDK
 * names its exceptions after that header: without it a 410 surfaces as `Unknown`, not `GoneException`.
 *
 * Like API Gateway, it serves only requests signed (SigV4, signing name `execute-api`) with the credentials it
 * knows, and checks, in this order: payload size, signature, the stage's throttle, the connection id's shape,
 * then whether that connection is open.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../listen';
import { type SigningCredentials, signatureErrorType, verifySigV4 } from '../sigv4';
import type { GatewayConnection } from './connection';
import { isApiGatewayId } from './ids';

/** API Gateway's limit on a PostToConnection payload. */
export const maxPostBytes = 128 * 1024;

export interface ConnectionsApiDeps {
  find(connectionId: string): GatewayConnection | undefined;
  /** The only credentials whose signatures are accepted. */
  credentials: SigningCredentials;
  /** Takes a token from the stage's throttle; false when the request is over the limit. */
  withinThrottle(): boolean;
}

/** The connection id of a `/{stage}/@connections/{id}` path (URL-decoded), or undefined for any other path. */
export function connectionIdFromPath(pathname: string, stage: string): string | undefined {
  const segments = pathname.split('/');
  if (segments.length !== 4 || segments[0] !== '') return undefined;
  try {
    const [, first, second, third] = segments.map(decodeURIComponent);
    return first === stage && second === '@connections' && third ? third : undefined;
  } catch {
    return undefined; // malformed percent-encoding
  }
}

export async function handleConnectionsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  connectionId: string,
  deps: ConnectionsApiDeps,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  // The body is read (up to the limit) before anything else, since the signature covers it; a body over the
  // limit cannot be verified and is refused outright.
  const { body, tooLarge } = await readBody(req, maxPostBytes);
  if (tooLarge)
    return sendError(res, 413, 'PayloadTooLargeException', `Message exceeds ${maxPostBytes} bytes`);

  const verdict = await verifySigV4(
    { method, url: req.url ?? '/', headers: req.headers, body },
    deps.credentials,
    'execute-api',
  );
  // API Gateway's gateway responses for IAM-authorized requests that fail authentication: all 403, with the
  // exception name and the reason as `{"message"}` (MISSING_AUTHENTICATION_TOKEN for an unsigned call,
  // INVALID_SIGNATURE and the like for a signature that does not verify).
  if (!verdict.ok) return sendError(res, 403, signatureErrorType(verdict.code), verdict.reason);
  if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
    return sendError(res, 403, 'ForbiddenException', 'Forbidden');
  }
  // The SDK maps 429 + LimitExceededException to its class of that name, which it treats as throttling.
  if (!deps.withinThrottle()) return sendError(res, 429, 'LimitExceededException', 'Too Many Requests');
  // The SDK has no class for this one: it throws its service exception named `BadRequestException`.
  if (!isApiGatewayId(connectionId)) {
    return sendError(res, 400, 'BadRequestException', `Invalid connectionId: ${connectionId}`);
  }

  const connection = deps.find(connectionId);
  // A connection still inside $connect is not usable yet: AWS answers 410 as for one already closed.
  const live = connection?.isOpen ? connection : undefined;
  if (!live) return gone(res);
  if (method === 'POST') {
    if (!live.send(body.toString('utf8'))) return gone(res);
    res.writeHead(200, { 'content-length': '0' }).end();
  } else if (method === 'GET') {
    sendJson(res, 200, {
      connectedAt: new Date(live.info.connectedAt).toISOString(),
      identity: { sourceIp: live.info.sourceIp, userAgent: live.info.userAgent },
      lastActiveAt: new Date(live.lastActiveAt).toISOString(),
    });
  } else {
    res.writeHead(204).end();
    // AWS reports a DeleteConnection to $disconnect as a normal close.
    live.close(1000, 'Connection Closed Normally');
  }
}

function gone(res: ServerResponse): void {
  // The real service answers GoneException with a null message.
  sendJson(res, 410, { message: null }, 'GoneException');
}

export function sendError(res: ServerResponse, status: number, errorType: string, message: string): void {
  sendJson(res, status, { message }, errorType);
}

function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(text);
}
