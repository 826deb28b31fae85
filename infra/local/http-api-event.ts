/**
 * API Gateway HTTP API, Lambda proxy integration, payload format 2.0: the event a handler receives and the
 * rules that turn its result into an HTTP response.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseQuery, parseTarget } from './http-api-url';

export interface IamIdentity {
  accessKey: string;
  accountId: string;
  callerId: string;
  cognitoIdentity: null;
  principalOrgId: null;
  userArn: string;
  userId: string;
}

export type HttpApiEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & { authorizer?: { iam: IamIdentity } };
};

export interface IncomingHttpRequest {
  method: string;
  /** Path and query as on the request line, still percent-encoded. */
  url: string;
  /** Node's `rawHeaders`: name, value, name, value… in arrival order, repeats kept. */
  rawHeaders: string[];
  httpVersion: string;
  sourceIp: string;
  body: Buffer;
}

export interface EventContext {
  routeKey: string;
  pathParameters: Record<string, string>;
  accountId: string;
  apiId: string;
  iam?: IamIdentity;
  now?: Date;
}

export function buildHttpApiEvent(req: IncomingHttpRequest, ctx: EventContext): HttpApiEvent {
  const now = ctx.now ?? new Date();
  // HTTP APIs pass the path percent-decoded in both `rawPath` and `requestContext.http.path` (see http-api-url.ts).
  const { path: rawPath, rawQueryString } = parseTarget(req.url);

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] as string).toLowerCase();
    const value = req.rawHeaders[i + 1] as string;
    // Format 2.0 moves cookies out of the headers into `cookies`, one entry per cookie.
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      );
      continue;
    }
    // No multiValueHeaders in 2.0: repeated headers are joined with commas.
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  // Headers API Gateway adds on its way to the integration.
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${req.sourceIp}`
    : req.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-amzn-trace-id'] ??= traceId(now);
  const host = headers.host ?? '127.0.0.1';
  headers['x-forwarded-port'] ??= host.split(':')[1] ?? '80';

  const queryStringParameters = parseQuery(rawQueryString);
  const domainName = host;
  const event: HttpApiEvent = {
    version: '2.0',
    routeKey: ctx.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: ctx.accountId,
      apiId: ctx.apiId,
      ...(ctx.iam ? { authorizer: { iam: ctx.iam } } : {}),
      domainName,
      domainPrefix: domainName.split(/[.:]/)[0] ?? domainName,
      http: {
        method: req.method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: requestId(),
      routeKey: ctx.routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(ctx.pathParameters).length > 0 ? { pathParameters: ctx.pathParameters } : {}),
    isBase64Encoded: false,
  };
  if (req.body.length > 0) {
    const text = isTextLike(headers['content-type']);
    event.body = req.body.toString(text ? 'utf8' : 'base64');
    event.isBase64Encoded = !text;
  }
  return event;
}

/** What API Gateway sends back for a handler result, before CORS headers are added. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export function jsonResponse(statusCode: number, value: unknown): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(value)),
  };
}

export const internalServerError = (): HttpResponse =>
  jsonResponse(500, { message: 'Internal Server Error' });

/**
 * Format 2.0 response rules: an object with `statusCode` is a full response; anything else is taken as the
 * body of a 200 `application/json` response. Per the AWS docs, a string result is used as the body as is
 * (`"Hello"` → `Hello`), any other value is serialized to JSON.
 */
export function toHttpResponse(result: unknown): HttpResponse {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const r = result as {
      statusCode: unknown;
      headers?: Record<string, unknown>;
      cookies?: unknown;
      body?: unknown;
      isBase64Encoded?: unknown;
    };
    const status = r.statusCode;
    // A malformed response is an integration failure on AWS, reported to the client as a 500.
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
      return internalServerError();
    }
    if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') return internalServerError();
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(r.headers ?? {})) {
      if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
    }
    if (Array.isArray(r.cookies) && r.cookies.length > 0) headers['set-cookie'] = r.cookies.map(String);
    const text = typeof r.body === 'string' ? r.body : '';
    const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text);
    return { statusCode: status, headers, body };
  }
  // Lambda serializes an `undefined` result as null.
  const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
}

/**
 * The AWS docs only say that a binary body arrives base64-encoded; which types count as text was measured on a live
 * HTTP API (payload 2.0, Lambda proxy; ministackorg/ministack PR #766): the body is a UTF-8 string only for `text/*`,
 * `application/json`, `application/xml` and `application/javascript`. Everything else is base64, including a
 * missing content-type and `application/x-www-form-urlencoded` (what `curl -d` sends).
 */
export function isTextLike(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type === 'application/xml' ||
    type === 'application/javascript'
  );
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the Common Log Format time API Gateway uses. */
function clfTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
  );
}

/** Real request ids look like `JKJaXmPLvHcESHA=`: 10 random bytes, base64. */
export function requestId(): string {
  return randomBytes(10).toString('base64');
}

function traceId(now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000).toString(16);
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')}`;
}
