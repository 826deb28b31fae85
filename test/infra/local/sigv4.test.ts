import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { verifySigV4 } from '../../../infra/local/sigv4';

const credentials = { accessKeyId: 'LOCALCHATTY', secretAccessKey: 'local-chatty-secret' };
const host = '127.0.0.1:4010';

interface SignOptions {
  path?: string;
  query?: Record<string, string>;
  body?: string;
  secretAccessKey?: string;
  accessKeyId?: string;
  service?: string;
  region?: string;
  applyChecksum?: boolean;
  signingDate?: Date;
  sessionToken?: string;
  headers?: Record<string, string>;
}

/** Signs a request exactly as the bot does: SignatureV4 over a POST with a JSON body, service execute-api. */
async function sign(o: SignOptions = {}) {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: o.accessKeyId ?? credentials.accessKeyId,
      secretAccessKey: o.secretAccessKey ?? credentials.secretAccessKey,
      sessionToken: o.sessionToken,
    },
    region: o.region ?? 'us-east-1',
    service: o.service ?? 'execute-api',
    sha256: Sha256,
    applyChecksum: o.applyChecksum ?? true,
  });
  const body = o.body ?? JSON.stringify({ text: 'Hello from Pyro' });
  const path = o.path ?? '/bot/rooms/lobby/messages';
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4010,
      path,
      query: o.query ?? {},
      headers: { host, 'content-type': 'application/json', ...o.headers },
      body,
    },
    { signingDate: o.signingDate ?? new Date() },
  );
  const search = new URLSearchParams(o.query ?? {}).toString();
  return {
    method: 'POST',
    url: search ? `${path}?${search}` : path,
    headers: signed.headers as Record<string, string>,
    body: Buffer.from(body),
  };
}

describe('verifySigV4', () => {
  it('accepts a request signed with the local credentials and reports the access key id', async () => {
    const result = await verifySigV4(await sign(), credentials, 'execute-api');
    expect(result).toEqual({ ok: true, accessKeyId: 'LOCALCHATTY' });
  });

  it('accepts a signature made without the x-amz-content-sha256 header', async () => {
    const request = await sign({ applyChecksum: false });
    expect(request.headers['x-amz-content-sha256']).toBeUndefined();
    expect(await verifySigV4(request, credentials, 'execute-api')).toMatchObject({ ok: true });
  });

  it('accepts a signed query string and a region other than us-east-1', async () => {
    const request = await sign({ query: { limit: '10', before: 'a b/c' }, region: 'eu-west-1' });
    expect(await verifySigV4(request, credentials, 'execute-api')).toMatchObject({ ok: true });
  });

  // The canonical request is written by hand (infra/local/sigv4.ts): the SDK's own signer must agree with it on
  // every corner of its rules.
  it.each([
    ['a connection id as the SDK sends it', { path: '/live/%40connections/AbC-12_xyz%3D' }],
    ['dot segments, empty segments and a trailing slash', { path: '/a/./b/../c//d/' }],
    ['characters escaped once more', { path: "/odd/%20!'()*~/%C3%A9" }],
    ['a sorted, escaped query', { query: { b: '2', a: '1', 'x y': "z+w!'()*", empty: '' } }],
    [
      'header values with runs of spaces and tabs',
      { headers: { 'x-amz-meta-note': '  two   spaces\tand a tab  ' } },
    ],
    ['a session token', { sessionToken: 'FwoGZXIvYXdzEXAMPLE' }],
    ['an empty body', { body: '' }],
  ] as const)('agrees with the SDK signer on %s', async (_, options: SignOptions) => {
    const creds = options.sessionToken ? { ...credentials, sessionToken: options.sessionToken } : credentials;
    const result = await verifySigV4(await sign(options), creds, 'execute-api');
    expect(result).toEqual({ ok: true, accessKeyId: credentials.accessKeyId });
  });

  it('ignores headers that were added after signing', async () => {
    const request = await sign();
    request.headers['user-agent'] = 'added-by-a-proxy';
    request.headers['x-forwarded-for'] = '10.0.0.1';
    expect(await verifySigV4(request, credentials, 'execute-api')).toMatchObject({ ok: true });
  });

  it('rejects a request without an Authorization header', async () => {
    const request = await sign();
    delete request.headers.authorization;
    const result = await verifySigV4(request, credentials, 'execute-api');
    expect(result).toEqual({
      ok: false,
      code: 'MissingAuthenticationToken',
      reason: 'Missing Authentication Token',
    });
  });

  it('rejects an Authorization header that is not SigV4', async () => {
    const request = await sign();
    request.headers.authorization = 'Bearer abc';
    expect(await verifySigV4(request, credentials, 'execute-api')).toMatchObject({ ok: false });
  });

  it('rejects an unknown access key id', async () => {
    const result = await verifySigV4(await sign({ accessKeyId: 'SOMEONEELSE' }), credentials, 'execute-api');
    expect(result).toEqual({
      ok: false,
      code: 'UnrecognizedClient',
      reason: 'The security token included in the request is invalid.',
    });
  });

  it('rejects a signature made with the wrong secret key', async () => {
    const result = await verifySigV4(await sign({ secretAccessKey: 'wrong' }), credentials, 'execute-api');
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
  });

  it('rejects a body changed after signing, with or without the checksum header', async () => {
    for (const applyChecksum of [true, false]) {
      const request = await sign({ applyChecksum });
      request.body = Buffer.from(JSON.stringify({ text: 'Something else' }));
      expect(await verifySigV4(request, credentials, 'execute-api')).toMatchObject({ ok: false });
    }
  });

  it('rejects a path or a signed header changed after signing', async () => {
    const moved = await sign();
    moved.url = '/bot/rooms/other/messages';
    expect(await verifySigV4(moved, credentials, 'execute-api')).toMatchObject({ ok: false });

    const retyped = await sign();
    retyped.headers['content-type'] = 'text/plain';
    expect(await verifySigV4(retyped, credentials, 'execute-api')).toMatchObject({ ok: false });
  });

  it('rejects a signature scoped to another service', async () => {
    const result = await verifySigV4(await sign({ service: 'lambda' }), credentials, 'execute-api');
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('execute-api') });
  });

  it('rejects a signature dated more than 5 minutes away (as execute-api does) and accepts one within that window', async () => {
    const now = Date.now();
    const old = await sign({ signingDate: new Date(now - 6 * 60 * 1000) });
    expect(await verifySigV4(old, credentials, 'execute-api')).toMatchObject({
      ok: false,
      code: 'InvalidSignature',
      reason: expect.stringMatching(
        /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
      ),
    });
    const future = await sign({ signingDate: new Date(now + 6 * 60 * 1000) });
    expect(await verifySigV4(future, credentials, 'execute-api')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Signature not yet current'),
    });
    const recent = await sign({ signingDate: new Date(now - 4 * 60 * 1000) });
    expect(await verifySigV4(recent, credentials, 'execute-api')).toMatchObject({ ok: true });
  });

  it('accepts the session token of temporary credentials and refuses any other one', async () => {
    const temporary = { ...credentials, sessionToken: 'local-session-token' };
    const good = await sign({ sessionToken: 'local-session-token' });
    expect(good.headers['x-amz-security-token']).toBe('local-session-token');
    expect(await verifySigV4(good, temporary, 'execute-api')).toMatchObject({ ok: true });
    const foreign = await sign({ sessionToken: 'someone-elses-token' });
    expect(await verifySigV4(foreign, temporary, 'execute-api')).toMatchObject({
      ok: false,
      code: 'UnrecognizedClient',
    });
  });
});
