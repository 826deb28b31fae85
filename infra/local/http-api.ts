/**
 * Local stand-in for an API Gateway HTTP API ($default stage, Lambda proxy integrations, payload format 2.0):
 * routes `METHOD /path/{param}` on the decoded path to functions, verifies SigV4 on `iam` routes, applies the CORS
 * configuration, and answers with API Gateway's own responses when the integration fails or takes too long.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { HttpRouteSpec } from '../spec';
import { type HttpApiCorsConfig, isPreflight, preflightResponse, withCorsHeaders } from './http-api-cors';
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
import { parseTarget } from './http-api-url';
import { listen, readBody } from './listen';
import { verifySigV4 } from './sigv4';
import { type Invoke, InvokeError, localCredentials, type RunningService } from './types';

export interface HttpApiOptions {
  routes: readonly HttpRouteSpec[];
  invoke: Invoke;
  port?: number;
  iamCredentials: { accessKeyId: string; secretAccessKey: string };
  /**
   * The API's CORS configuration (infra/spec.ts `httpApiCors` plus the allowed origins). Without one, as on an API
   * with no CORS configuration, preflights are routed like any request and the function's headers pass untouched.
   */
  cors?: HttpApiCorsConfig;
  /** How long API Gateway waits for the function: 30 s, the HTTP API maximum (tests shorten it). */
  integrationTimeoutMs?: number;
}

/** HTTP API's payload quota (AWS "HTTP API quotas": payload size 10 MB). */
export const maxPayloadBytes = 10 * 1024 * 1024;
/** AWS "HTTP API quotas": maximum integration timeout 30 seconds (29 s is the REST API figure). */
export const defaultIntegrationTimeoutMs = 30_000;

/** API Gateway's own answers, the same body shape as its `{"message":"Not Found"}`. */
const requestTooLarge = () => jsonResponse(413, { message: 'Request Entity Too Large' });
const serviceUnavailable = () => jsonResponse(503, { message: 'Service Unavailable' });

export async function startHttpApi(o: HttpApiOptions): Promise<RunningService> {
  // Real API ids are 10 lower-case alphanumerics.
  const apiId = randomBytes(8).toString('hex').slice(0, 10);
  const timeoutMs = o.integrationTimeoutMs ?? defaultIntegrationTimeoutMs;

  /** Every answer but a preflight's: the function's, or API Gateway's own (404, 403, 413, 500, 503). */
  const handle = async (req: IncomingMessage, body: Buffer): Promise<HttpResponse> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const matched = matchRoute(o.routes, method, parseTarget(url).path);
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
    return integrate(o.invoke(matched.route.function, event), timeoutMs);
  };

  const respond = async (req: IncomingMessage): Promise<HttpResponse> => {
    const { body, tooLarge } = await readBody(req, maxPayloadBytes);
    const method = (req.method ?? 'GET').toUpperCase();
    if (o.cors && isPreflight(method, req.headers))
      return preflightResponse(o.cors, req.headers.origin as string);
    const response = tooLarge
      ? requestTooLarge()
      : await handle(req, body).catch(() => internalServerError());
    return o.cors ? withCorsHeaders(o.cors, req.headers.origin, response) : response;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    respond(req)
      .catch(() => internalServerError())
      .then((response) => send(res, response));
  });
  return listen(server, o.port);
}

/**
 * The function's outcome as API Gateway answers it. Past the integration timeout the client gets 503 Service
 * Unavailable while the function runs on (API Gateway stops waiting; Lambda does not stop the function). A request
 * event over Lambda's invoke payload limit (6 MB, so a body well under HTTP API's 10 MB can hit it, more so once
 * base64-encoded) is refused by Lambda with 413 `RequestEntityTooLargeException`, which API Gateway answers with 413
 * Request Entity Too Large. Every other failure (the function threw, timed out, failed to initialise, or returned
 * more than Lambda's 6 MB response limit: `Function.ResponseSizeTooLarge`) is a bare 500 that never reveals why.
 * (AWS's own API Gateway emulator, aws-lambda-dotnet Tools/LambdaTestTool-v2, answers the 413 and the 500 so; the 503
 * at 30 s is what users of HTTP APIs report, e.g. anomalyco/sst issue #2232.)
 */
async function integrate(invocation: Promise<unknown>, timeoutMs: number): Promise<HttpResponse> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = invocation.then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  try {
    const settled = await Promise.race([outcome, timedOut]);
    if (settled === 'timeout') return serviceUnavailable();
    if (settled.ok) return toHttpResponse(settled.result);
    if (settled.error instanceof InvokeError && settled.error.statusCode === 413) return requestTooLarge();
    return internalServerError();
  } finally {
    clearTimeout(timer);
  }
}

function send(res: ServerResponse, response: HttpResponse): void {
  const headers: Record<string, string | string[]> = { ...response.headers };
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
