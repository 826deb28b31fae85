/**
 * Local stand-in for an API Gateway HTTP API ($default stage, Lambda proxy integrations, payload format 2.0):
 * routes `METHOD /path/{param}` to functions, verifies SigV4 on `iam` routes, answers CORS preflights.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { HttpRouteSpec } from '../spec';
import {
  buildHttpApiEvent,
  type HttpResponse,
  type IamIdentity,
  internalServerError,
  jsonResponse,
  requestId,
  toHttpResponse,
} from './http-api-event';
import { matchRoute } from './http-api-routes';
import { listen, readBody } from './listen';
import { verifySigV4 } from './sigv4';
import { type Invoke, localCredentials, type RunningService } from './types';

export interface HttpApiOptions {
  routes: readonly HttpRouteSpec[];
  invoke: Invoke;
  port?: number;
  iamCredentials: { accessKeyId: string; secretAccessKey: string };
  /** Like the CDK `corsPreflight.allowOrigins`; default `['*']`. */
  corsAllowOrigins?: string[];
}

/** HTTP API's payload quota. */
export const maxPayloadBytes = 10 * 1024 * 1024;
/** Request headers the browser may send cross-origin (the bot signs with the x-amz-* ones). */
const corsAllowHeaders = [
  'authorization',
  'content-type',
  'x-amz-content-sha256',
  'x-amz-date',
  'x-amz-security-token',
];

export async function startHttpApi(o: HttpApiOptions): Promise<RunningService> {
  // Real API ids are 10 lower-case alphanumerics.
  const apiId = randomBytes(8).toString('hex').slice(0, 10);
  const allowOrigins = o.corsAllowOrigins ?? ['*'];
  const allowMethods = [...new Set([...o.routes.map((r) => r.method), 'OPTIONS'])].join(',');

  const handle = async (req: IncomingMessage): Promise<HttpResponse> => {
    const { body, tooLarge } = await readBody(req, maxPayloadBytes);
    if (tooLarge) return jsonResponse(413, { message: 'Request Entity Too Large' });
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    if (method === 'OPTIONS' && req.headers.origin && req.headers['access-control-request-method']) {
      return preflight(req.headers.origin, allowOrigins, allowMethods);
    }
    const q = url.indexOf('?');
    const matched = matchRoute(o.routes, method, q === -1 ? url : url.slice(0, q));
    if (!matched) return jsonResponse(404, { message: 'Not Found' });

    let iam: IamIdentity | undefined;
    if (matched.route.auth === 'iam') {
      // API Gateway answers unsigned calls with a bare Forbidden, bad signatures with the reason.
      if (!req.headers.authorization) return jsonResponse(403, { message: 'Forbidden' });
      const verdict = await verifySigV4(
        { method, url, headers: req.headers, body },
        o.iamCredentials,
        'execute-api',
      );
      if (!verdict.ok) return jsonResponse(403, { message: verdict.reason });
      iam = iamIdentity(verdict.accessKeyId);
    }
    const event = buildHttpApiEvent(
      {
        method,
        url,
        rawHeaders: req.rawHeaders,
        httpVersion: req.httpVersion,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        body,
      },
      {
        routeKey: matched.routeKey,
        pathParameters: matched.pathParameters,
        accountId: localCredentials.accountId,
        apiId,
        iam,
      },
    );
    try {
      return toHttpResponse(await o.invoke(matched.route.function, event));
    } catch {
      // The handler's error never reaches the client, only a generic 500.
      return internalServerError();
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req)
      .catch(() => internalServerError())
      .then((response) => send(res, response, req.headers.origin, allowOrigins));
  });
  return listen(server, o.port);
}

function preflight(origin: string, allowOrigins: string[], allowMethods: string): HttpResponse {
  const headers: Record<string, string> = {};
  // A disallowed origin still gets a 204, just without the headers that would let the browser proceed.
  if (allowedOrigin(origin, allowOrigins)) {
    headers['access-control-allow-methods'] = allowMethods;
    headers['access-control-allow-headers'] = corsAllowHeaders.join(',');
  }
  return { statusCode: 204, headers, body: Buffer.alloc(0) };
}

function allowedOrigin(origin: string | undefined, allowOrigins: string[]): string | undefined {
  if (!origin) return undefined;
  if (allowOrigins.includes('*')) return '*';
  return allowOrigins.includes(origin) ? origin : undefined;
}

function send(
  res: ServerResponse,
  response: HttpResponse,
  origin: string | undefined,
  allowOrigins: string[],
): void {
  const headers: Record<string, string | string[]> = { ...response.headers };
  // With CORS configured, API Gateway owns the CORS headers: whatever the function set is replaced.
  for (const name of Object.keys(headers))
    if (name.startsWith('access-control-allow-origin')) delete headers[name];
  const allowed = allowedOrigin(origin, allowOrigins);
  if (allowed) {
    headers['access-control-allow-origin'] = allowed;
    if (allowed !== '*') headers.vary = 'origin';
  }
  headers['apigw-requestid'] = requestId();
  headers['content-length'] = String(response.body.length);
  res.writeHead(response.statusCode, headers);
  res.end(response.body);
}

function iamIdentity(accessKeyId: string): IamIdentity {
  const { accountId } = localCredentials;
  return {
    accessKey: accessKeyId,
    accountId,
    callerId: `AIDA${accessKeyId}`,
    cognitoIdentity: null,
    principalOrgId: null,
    userArn: `arn:aws:iam::${accountId}:user/local`,
    userId: `AIDA${accessKeyId}`,
  };
}
