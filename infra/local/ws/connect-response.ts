/**
 * How API Gateway reads what the `$connect` integration (Lambda proxy) returned:
 * - an explicit non-2xx `statusCode` refuses the handshake with that status; a result without one lets it through;
 * - of the response's headers, only `Sec-WebSocket-Protocol` reaches the client, on the 101. The body and every
 *   other header are dropped (AWS documents the subprotocol header as the one a $connect route can send back;
 *   AWS's Chalice maintainers found no other header or body is forwarded, aws/chalice#1768).
 * API Gateway never picks a subprotocol itself: a client that asked for one and gets none back fails the
 * handshake on its side (RFC 6455 4.1), which is how a `$connect` that does not echo a protocol refuses it.
 */
export interface ConnectOutcome {
  /** The HTTP status that refuses the handshake, if any. */
  refuseWith?: number;
  /** The `Sec-WebSocket-Protocol` value to put on the 101 response, if the function returned one. */
  subprotocol?: string;
}

export function readConnectResult(result: unknown): ConnectOutcome {
  if (!isRecord(result)) return {};
  const { statusCode } = result;
  if (typeof statusCode === 'number' && (statusCode < 200 || statusCode > 299))
    return { refuseWith: statusCode };
  const subprotocol = headerValue(result, 'sec-websocket-protocol');
  return subprotocol === undefined ? {} : { subprotocol };
}

/** A response header by case-insensitive name, from `headers` or else `multiValueHeaders` (first value). */
function headerValue(result: Record<string, unknown>, lowerCaseName: string): string | undefined {
  const single = isRecord(result.headers) ? result.headers : {};
  for (const [name, value] of Object.entries(single)) {
    if (name.toLowerCase() === lowerCaseName && typeof value === 'string') return value;
  }
  const multi = isRecord(result.multiValueHeaders) ? result.multiValueHeaders : {};
  for (const [name, values] of Object.entries(multi)) {
    if (name.toLowerCase() !== lowerCaseName || !Array.isArray(values)) continue;
    const first: unknown = values[0];
    if (typeof first === 'string') return first;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
