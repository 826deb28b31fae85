/**
 * Verifies AWS Signature Version 4 `Authorization` headers the way API Gateway does for IAM-authorized routes:
 * the signature is recomputed with the same signer the SDK uses (`@smithy/signature-v4`) over exactly the headers
 * the caller listed in `SignedHeaders`, with the caller's `x-amz-date` and the region of its credential scope.
 */
import { createHash, createHmac, type Hash, type Hmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

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
  if (
    declaredHash &&
    declaredHash !== 'UNSIGNED-PAYLOAD' &&
    declaredHash !== (await sha256Hex(request.body))
  ) {
    return fail(
      'InvalidSignature',
      `The provided 'x-amz-content-sha256' header does not match what was computed.`,
    );
  }

  const { path, query } = splitUrl(request.url);
  const signer = signerFor(credentials, region, service);
  const signed = await signer.sign(
    {
      method: request.method.toUpperCase(),
      protocol: 'https:',
      hostname: toSign.host ?? '',
      path,
      query,
      headers: toSign,
      body: request.body.length > 0 ? request.body : undefined,
    },
    // Force every listed header in, even ones the SDK would never sign itself (user-agent, …).
    { signingDate, signingRegion: region, signingService: service, signableHeaders: new Set(signedNames) },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? '';
  const expectedHeaders = /SignedHeaders=([^,\s]+)/.exec(String(signed.headers.authorization))?.[1];
  if (expectedHeaders !== signedHeaderList || !sameText(expected, signature))
    return fail('InvalidSignature', mismatch);
  return { ok: true, accessKeyId };
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

async function sha256Hex(body: Buffer): Promise<string> {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * SHA-256 and HMAC-SHA256 for the signer from node:crypto (the signer's `Checksum` shape: an HMAC when given a
 * secret), rather than the pure-JavaScript @aws-crypto/sha256-js: every @connections post of a fan-out is verified
 * here, on the gateway's one thread, and native digests with a kept signer (below) verify a post in about half the
 * time (issue 14; measured with a loaded machine, so roughly).
 */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash =
      secret === undefined
        ? createHash('sha256')
        : createHmac('sha256', typeof secret === 'string' ? secret : toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {
    throw new Error('NodeSha256 is used once');
  }
}

function toBuffer(data: ArrayBuffer | ArrayBufferView): Buffer {
  return ArrayBuffer.isView(data)
    ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    : Buffer.from(data);
}

/**
 * One signer per credentials, region and service, kept: a signer caches the signing key it derives for a day
 * (four HMACs), which a signer made per request derived again for every request.
 */
const signers = new Map<string, SignatureV4>();

function signerFor(credentials: SigningCredentials, region: string, service: string): SignatureV4 {
  const key = [
    credentials.accessKeyId,
    credentials.secretAccessKey,
    credentials.sessionToken,
    region,
    service,
  ].join('\u0000');
  let signer = signers.get(key);
  if (!signer) {
    signer = new SignatureV4({
      credentials,
      region,
      service,
      sha256: NodeSha256,
      // Only the headers the caller signed are passed in; do not let the signer add its own checksum header.
      applyChecksum: false,
    });
    signers.set(key, signer);
  }
  return signer;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
