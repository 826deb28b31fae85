/**
 * The `@connections` management API (what `@aws-sdk/client-apigatewaymanagementapi` calls):
 * `POST|GET|DELETE /{stage}/@connections/{connectionId}`. Errors carry `x-amzn-ErrorType`, because the SDK
 * names its exceptions after that header: without it a 410 surfaces as `Unknown`, not `GoneException`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connection } from './connection';

/** API Gateway's limit on a PostToConnection payload. */
export const maxPostBytes = 128 * 1024;

export interface ConnectionsApiDeps {
  stage: string;
  find(connectionId: string): Connection | undefined;
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

export function handleConnectionsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  connectionId: string,
  deps: ConnectionsApiDeps,
): void {
  const connection = deps.find(connectionId);
  // A connection still inside $connect is not usable yet: AWS answers 410 as for one already closed.
  const live = connection?.isOpen ? connection : undefined;

  if (req.method === 'POST') {
    readBody(req, maxPostBytes, (body) => {
      if (body === undefined) {
        sendError(res, 413, 'PayloadTooLargeException', `Message exceeds ${maxPostBytes} bytes`);
      } else if (live?.send(body.toString('utf8'))) {
        res.writeHead(200, { 'content-length': '0' }).end();
      } else {
        gone(res);
      }
    });
    return;
  }
  req.resume(); // GET and DELETE carry no body worth reading
  if (req.method !== 'GET' && req.method !== 'DELETE') {
    sendError(res, 403, 'ForbiddenException', 'Forbidden');
  } else if (!live) {
    gone(res);
  } else if (req.method === 'GET') {
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

/** Reads the whole body; `undefined` when it exceeds `limit` (the rest is still drained, not buffered). */
function readBody(req: IncomingMessage, limit: number, done: (body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  req.on('end', () => done(size <= limit ? Buffer.concat(chunks) : undefined));
}
