/**
 * Verifies AWS Signature Version 4 `Authorization` headers the way API Gateway does for IAM-authorized routes:
 * the signature is recomputed over exactly the headers the caller listed in `SignedHeaders`, with the caller's
 * `x-amz-date` and the region of its credential scope.
 *
 * Written by hand (canonicalRequest below), where it used to call the SDK's own signer (`@smithy/signature-v4`):
 * a library signs a request, and none verifies one server side. Recomputing through the signer cloned the request
 * and ran its async hashing for every call; every `@connections` post of a fan-out is verified on the gateway's one
 * thread, and there the signer was a fifth of the gateway's CPU (issue 14's profiles). The canonical request
 * follows the signer's code line by line (path normalization and double encoding, query sorting, header value
 * folding, the headers it drops and adds), and the tests sign with that signer and verify here.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequest {
  method: string;
  /** Path and query exactly as they appeared on the request line (still percent-encoded). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials carry one; a request that sends `x-amz-security-token` must send exactly it. */
  sessionToken?: string;
}

/**
 * Why a request was refused, as AWS classifies it; each stand-in turns it into its protocol's error
 * (`__type` for AWS JSON, `x-amzn-ErrorType` for REST, `{"message"}` for execute-api):
 * - `MissingAuthenticationToken`: no signature at all (unsigned call);
 * - `IncompleteSignature`: an Authorization header that is not a complete SigV4 one;
 * - `UnrecognizedClient`: an access key or session token this cloud does not know;
 * - `InvalidSignature`: a well-formed signature that does not verify, or is expired / from the future.
 */
export type SigV4Failure =
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'UnrecognizedClient'
  | 'InvalidSignature';

/**
 * The exception name every AWS service gives a signature failure (`MissingAuthenticationTokenException`, …); the
 * status and body shape differ per protocol, and each stand-in sets those itself.
 */
export function signatureErrorType(code: SigV4Failure): string {
  return `${code}Exception`;
}

export type SigV4Result =
  | { ok: true; accessKeyId: string }
  | { ok: false; code: SigV4Failure; reason: string };

/**
 * AWS refuses signatures whose x-amz-date is more than 5 minutes away from its own clock (execute-api, events,
 * scheduler and secretsmanager all do; only S3 allows 15).
 */
const maxSkewMs = 5 * 60 * 1000;
const algorithm = 'AWS4-HMAC-SHA256';
const authPattern =
  /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/;
const amzDatePattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
// API Gateway's wording, so callers see the same messages they would get from AWS.
const mismatch =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
  'Access Key and signing method. Consult the service documentation for details.';

export async function verifySigV4(
  request: SignedRequest,
  credentials: SigningCredentials,
  service: string,
  now: Date = new Date(),
): Promise<SigV4Result> {
  const headers = lowerCaseHeaders(request.headers);
  const authorization = headers.authorization;
  if (!authorization) return fail('MissingAuthenticationToken', 'Missing Authentication Token');
  if (!authorization.startsWith(algorithm))
    return fail('IncompleteSignature', 'Only AWS4-HMAC-SHA256 signatures are supported');
  const parsed = authPattern.exec(authorization.trim());
  if (!parsed)
    return fail(
      'IncompleteSignature',
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'`,
    );
  const [, credential, signedHeaderList, signature] = parsed as unknown as [string, string, string, string];

  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request')
    return fail('IncompleteSignature', 'Credential should be scoped correctly');
  const [accessKeyId, scopeDate, region, scopeService] = scope as [string, string, string, string];
  if (accessKeyId !== credentials.accessKeyId)
    return fail('UnrecognizedClient', 'The security token included in the request is invalid.');
  if (scopeService !== service)
    return fail('InvalidSignature', `Credential should be scoped to correct service: '${service}'.`);

  const amzDate = headers['x-amz-date'];
  const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!amzDate || !signingDate) return fail('IncompleteSignature', 'Missing or malformed x-amz-date header');
  if (!amzDate.startsWith(scopeDate))
    return fail('InvalidSignature', 'Credential should be scoped to a valid date');
  // AWS's own wording for both directions of clock skew.
  if (signingDate.getTime() < now.getTime() - maxSkewMs) {
    const limit = toAmzDate(new Date(now.getTime() - maxSkewMs));
    return fail(
      'InvalidSignature',
      `Signature expired: ${amzDate} is now earlier than ${limit} (${toAmzDate(now)} - 5 min.)`,
    );
  }
  if (signingDate.getTime() > now.getTime() + maxSkewMs) {
    const limit = toAmzDate(new Date(now.getTime() + maxSkewMs));
    return fail(
      'InvalidSignature',
      `Signature not yet current: ${amzDate} is still later than ${limit} (${toAmzDate(now)} + 5 min.)`,
    );
  }
  const securityToken = headers['x-amz-security-token'];
  if (securityToken !== undefined && securityToken !== credentials.sessionToken)
    return fail('UnrecognizedClient', 'The security token included in the request is invalid.');

  const signedNames = signedHeaderList.split(';');
  if (!signedNames.includes('host'))
    return fail('IncompleteSignature', `'Host' must be a 'SignedHeader' in the AWS Authorization.`);
  const toSign: Record<string, string> = {};
  for (const name of signedNames) {
    const value = headers[name];
    if (value === undefined)
      return fail('IncompleteSignature', `Signed header '${name}' is missing from the request`);
    toSign[name] = value;
  }
  // The signer trusts x-amz-content-sha256 when present, so check that it really describes the body.
  const declaredHash = toSign['x-amz-content-sha256'];
  if (declaredHash && declaredHash !== 'UNSIGNED-PAYLOAD' && declaredHash !== sha256Hex(request.body)) {
    return fail(
      'InvalidSignature',
      `The provided 'x-amz-content-sha256' header does not match what was computed.`,
    );
  }

  const { path, query } = splitUrl(request.url);
  const canonicalSet = canonicalHeaders(toSign, amzDate, credentials.sessionToken);
  const names = Object.keys(canonicalSet).sort();
  // The signer signs x-amz-date (and the session token) whether listed or not, and never `date`: a list that
  // differs from what it would sign cannot verify.
  if (names.join(';') !== signedHeaderList) return fail('InvalidSignature', mismatch);
  const payloadHash = toSign['x-amz-content-sha256'] ?? sha256Hex(request.body);
  const canonical = [
    request.method.toUpperCase(),
    canonicalPath(path),
    canonicalQuery(query),
    ...names.map((name) => `${name}:${canonicalSet[name]}`),
    '',
    signedHeaderList,
    payloadHash,
  ].join('\n');
  const scopeText = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = [algorithm, amzDate, scopeText, sha256Hex(canonical)].join('\n');
  const expected = createHmac('sha256', signingKey(credentials.secretAccessKey, scopeDate, region, service))
    .update(stringToSign)
    .digest('hex');
  if (!sameText(expected, signature)) return fail('InvalidSignature', mismatch);
  return { ok: true, accessKeyId };
}

/**
 * The signer's canonical headers: the listed ones without those it generates itself (`authorization`, `date`,
 * `x-amz-date`), then its own x-amz-date and, with temporary credentials, their session token; each value with
 * line breaks made spaces, runs of spaces and tabs made one, and one space trimmed at each end.
 */
function canonicalHeaders(
  listed: Record<string, string>,
  amzDate: string,
  sessionToken: string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(listed)) {
    if (name === 'authorization' || name === 'date' || name === 'x-amz-date') continue;
    out[name] = value
      .replace(/[\r\n]/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .replace(/^ | $/g, '');
  }
  out['x-amz-date'] = amzDate;
  if (sessionToken) out['x-amz-security-token'] = sessionToken;
  return out;
}

/** encodeURIComponent plus `!'()*`, as every AWS service but S3 encodes (the signer's `escapeUri`). */
function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The path as sent, its `.`, `..` and empty segments resolved, then encoded once more (slashes kept). */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment.length === 0 || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

/** Keys and values encoded, keys sorted, a repeated key's pairs sorted; no `X-Amz-Signature`. */
function canonicalQuery(query: Record<string, string | string[]>): string {
  const serialized = new Map<string, string>();
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() === 'x-amz-signature') continue;
    const encodedKey = escapeUri(key);
    const values = Array.isArray(value) ? value : [value];
    serialized.set(
      encodedKey,
      values
        .map((v) => `${encodedKey}=${escapeUri(v)}`)
        .sort()
        .join('&'),
    );
  }
  return [...serialized.keys()]
    .sort()
    .map((key) => serialized.get(key))
    .filter((pair) => pair)
    .join('&');
}

/**
 * The day's signing key (four HMACs), kept per secret, day, region and service: a key made per request was most of
 * a verification's cost.
 */
const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const id = [secret, day, region, service].join('\u0000');
  let key = signingKeys.get(id);
  if (!key) {
    key = createHmac('sha256', `AWS4${secret}`).update(day).digest();
    for (const part of [region, service, 'aws4_request'])
      key = createHmac('sha256', key).update(part).digest();
    // A new day or a new secret replaces the old keys: a handful at most is ever in use.
    if (signingKeys.size > 64) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

function fail(code: SigV4Failure, reason: string): SigV4Result {
  return { ok: false, code, reason };
}

function toAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function lowerCaseHeaders(headers: SignedRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    // Canonical requests join repeated headers with commas.
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

function parseAmzDate(value: string): Date | undefined {
  const m = amzDatePattern.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}

/**
 * The signer expects the path as sent (it percent-encodes each segment once more, as AWS does for every service
 * but S3) and the query as decoded key/value pairs (it re-encodes them in canonical order).
 */
function splitUrl(url: string): { path: string; query: Record<string, string | string[]> } {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query: Record<string, string | string[]> = {};
  if (q === -1) return { path, query };
  for (const pair of url.slice(q + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeQueryPart(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decodeQueryPart(pair.slice(eq + 1));
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return { path, query };
}

/** `+` is a space (URLSearchParams and forms write it so); the SDK itself always writes `%20` and `%2B`. */
function decodeQueryPart(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The signer hashes an absent body as the empty string, so an empty Buffer needs no case of its own. */
function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
