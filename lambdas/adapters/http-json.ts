/**
 * GET a JSON document from an external API with a hard timeout, sorting failures into "the service answered"
 * (any status below 500, parsed body) and "the service is unavailable" (timeout, connection refused, DNS,
 * 5xx, 429, or a 2xx whose body is not JSON). The callers decide what a 404 or an error body means.
 */
export type JsonResponse =
  | { kind: 'response'; status: number; body: unknown }
  | { kind: 'unavailable'; reason: string };

export async function getJson(url: string, timeoutMs: number): Promise<JsonResponse> {
  // One signal for the whole exchange: it also aborts a server that sends headers and then stalls the body.
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (err) {
    return { kind: 'unavailable', reason: describeFailure(err, timeoutMs) };
  }
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'unavailable', reason: `HTTP ${response.status}` };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    return { kind: 'unavailable', reason: describeFailure(err, timeoutMs) };
  }
  try {
    return { kind: 'response', status: response.status, body: JSON.parse(text) };
  } catch {
    // A 404 page in HTML still means "not found"; a 200 that is not JSON means the service is broken.
    if (response.ok) return { kind: 'unavailable', reason: `invalid JSON (HTTP ${response.status})` };
    return { kind: 'response', status: response.status, body: undefined };
  }
}

/** Never includes the URL: it may carry an API key in its query string. */
function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms`;
  }
  // undici reports "fetch failed" and puts the real reason (ECONNREFUSED, ENOTFOUND, …) in `cause`.
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return `unreachable (${cause.code})`;
  return `unreachable (${err instanceof Error ? err.message : String(err)})`;
}

/** Joins a base URL (with or without a trailing slash, possibly with a path prefix) and a path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
