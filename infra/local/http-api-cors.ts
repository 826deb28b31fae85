/**
 * An HTTP API's CORS configuration at work. What AWS documents (developer guide, "Configuring CORS for an HTTP API"):
 * with CORS configured, API Gateway itself answers preflight OPTIONS requests, even where no OPTIONS route exists
 * (the function is not invoked); it adds the configured CORS headers to the integration's responses; and it ignores
 * CORS headers the integration returns. Preflights are answered 204 No Content.
 */
import type { HttpResponse } from './http-api-event';

export interface HttpApiCorsConfig {
  /** Exact origins (`https://chat.example`), or `*`. */
  allowOrigins: readonly string[];
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  allowCredentials: boolean;
  maxAgeSeconds: number;
}

/** A browser's preflight: OPTIONS with an Origin and the method it is asking about. */
export function isPreflight(method: string, headers: Record<string, string | string[] | undefined>): boolean {
  return method === 'OPTIONS' && !!headers.origin && !!headers['access-control-request-method'];
}

/**
 * A disallowed origin still gets its 204, only without `access-control-allow-origin`, so the browser refuses to
 * send the real request.
 */
export function preflightResponse(cors: HttpApiCorsConfig, origin: string): HttpResponse {
  const allowed = allowedOrigin(cors, origin);
  const headers: Record<string, string> = {};
  if (allowed) {
    headers['access-control-allow-origin'] = allowed;
    headers['access-control-allow-methods'] = cors.allowMethods.join(',');
    if (cors.allowHeaders.length > 0) headers['access-control-allow-headers'] = cors.allowHeaders.join(',');
    if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
    headers['access-control-max-age'] = String(cors.maxAgeSeconds);
  }
  return { statusCode: 204, headers, body: Buffer.alloc(0) };
}

/** The integration's own CORS headers are dropped; the configured ones are added for an allowed origin. */
export function withCorsHeaders(
  cors: HttpApiCorsConfig,
  origin: string | undefined,
  response: HttpResponse,
): HttpResponse {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!name.startsWith('access-control-')) headers[name] = value;
  }
  const allowed = origin ? allowedOrigin(cors, origin) : undefined;
  if (allowed) {
    headers['access-control-allow-origin'] = allowed;
    if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
    if (cors.exposeHeaders.length > 0)
      headers['access-control-expose-headers'] = cors.exposeHeaders.join(',');
  }
  return { ...response, headers };
}

/** Origins compare exactly (scheme, host and port), as browsers send them. */
function allowedOrigin(cors: HttpApiCorsConfig, origin: string): string | undefined {
  if (cors.allowOrigins.includes('*')) return '*';
  return cors.allowOrigins.includes(origin) ? origin : undefined;
}
