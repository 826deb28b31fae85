import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoAccessTokens, userPoolFromEnv } from '../../../../lambdas/adapters/cognito-verifier';
import { canonicalName } from '../../../../lambdas/contract/canonical-name';
import { ChatError } from '../../../../lambdas/core/errors';
import { checkIdentity } from '../../../../lambdas/core/identity-check';
import { issueToken } from '../../../../lambdas/core/tokens';
import { MemoryGuestNameHolds } from '../core/name-fakes';
import { MemoryRevokedSignIns } from '../core/revocation-fakes';
import { type FakeServer, refusedUrl, sendJson, startFakeServer } from './fake-http-server';
import { accessClaims, idClaims, poolKey, signJwt } from './signed-jwts';

const POOL_ID = 'us-east-1_LocalPool';
const CLIENT_ID = 'chatty-page-client';
const key = poolKey();

/** What a refused token gives: a ChatError with its code and the message's gist. */
async function refusal(
  tokens: CognitoAccessTokens,
  token: string,
): Promise<{ code: string; message: string }> {
  const err = await tokens.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ChatError)) throw new Error(`expected a ChatError, got ${String(err)}`);
  expect(err.status).toBe(401);
  return { code: err.code, message: err.message };
}

describe('locally: cognito-local issuer, keys served over plain HTTP', () => {
  let server: FakeServer;
  let issuer: string;
  let tokens: CognitoAccessTokens;
  const keysStatus = 200;

  beforeAll(async () => {
    server = await startFakeServer((_req, res, url) => {
      if (url.pathname === `/${POOL_ID}/.well-known/jwks.json`) sendJson(res, keysStatus, key.jwks);
      else sendJson(res, 404, {});
    });
    issuer = `${server.url}/${POOL_ID}`;
    tokens = CognitoAccessTokens.forPool({ userPoolId: POOL_ID, clientId: CLIENT_ID, issuer });
  });
  afterAll(() => server.close());

  it('a valid access token names its account (the username claim) and sign-in (origin_jti), fetching the keys once', async () => {
    const claims = accessClaims(issuer, CLIENT_ID, 'ada');
    await expect(tokens.verify(signJwt(key, claims))).resolves.toEqual({
      username: 'ada',
      expiresAt: claims.exp,
      sessionId: claims.origin_jti,
    });
    await expect(
      tokens.verify(signJwt(key, accessClaims(issuer, CLIENT_ID, 'grace'))),
    ).resolves.toMatchObject({
      username: 'grace',
    });
    expect(server.requests.filter((u) => u.pathname.endsWith('jwks.json'))).toHaveLength(1);
  });

  it('refuses an ID token: only access tokens are accepted', async () => {
    expect(await refusal(tokens, signJwt(key, idClaims(issuer, CLIENT_ID, 'ada')))).toEqual({
      code: 'unauthorized',
      message: expect.stringContaining('access token is required'),
    });
  });

  it('refuses a token issued to another app client', async () => {
    expect(await refusal(tokens, signJwt(key, accessClaims(issuer, 'someone-elses-client', 'ada')))).toEqual({
      code: 'unauthorized',
      message: expect.stringContaining('another app client'),
    });
  });

  it('refuses a token from another pool (another issuer), even one signed with the same key', async () => {
    const foreign = accessClaims(`${server.url}/us-east-1_OtherPool`, CLIENT_ID, 'ada');
    expect(await refusal(tokens, signJwt(key, foreign))).toEqual({
      code: 'unauthorized',
      message: expect.stringContaining("not issued by this app's user pool"),
    });
  });

  it('refuses an expired token with token_expired', async () => {
    const expired = { ...accessClaims(issuer, CLIENT_ID, 'ada'), exp: Math.floor(Date.now() / 1000) - 60 };
    expect(await refusal(tokens, signJwt(key, expired))).toEqual({
      code: 'token_expired',
      message: expect.stringContaining('expired'),
    });
  });

  it('refuses a forged token: signed with another key under the pool key id', async () => {
    const forger = { ...poolKey(), kid: key.kid };
    expect(await refusal(tokens, signJwt(forger, accessClaims(issuer, CLIENT_ID, 'ada')))).toEqual({
      code: 'unauthorized',
      message: 'The token is not valid: sign in again',
    });
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const [header, , signature] = signJwt(key, accessClaims(issuer, CLIENT_ID, 'ada')).split('.');
    const tampered = Buffer.from(JSON.stringify(accessClaims(issuer, CLIENT_ID, 'pyro'))).toString(
      'base64url',
    );
    expect((await refusal(tokens, `${header}.${tampered}.${signature}`)).code).toBe('unauthorized');
  });

  it('refuses a token signed with a key the pool does not publish, and garbage in JWT shape', async () => {
    expect((await refusal(tokens, signJwt(poolKey(), accessClaims(issuer, CLIENT_ID, 'ada')))).code).toBe(
      'unauthorized',
    );
    expect((await refusal(tokens, 'not.a.jwt')).code).toBe('unauthorized');
  });

  it('refuses a validly signed access token that names no user', async () => {
    const { username: _, ...nameless } = accessClaims(issuer, CLIENT_ID, 'ada');
    expect(await refusal(tokens, signJwt(key, nameless))).toEqual({
      code: 'unauthorized',
      message: expect.stringContaining('names no user'),
    });
  });

  it('refuses a validly signed access token that names no sign-in (no origin_jti): it could not be signed out', async () => {
    const { origin_jti: _, ...untracked } = accessClaims(issuer, CLIENT_ID, 'ada');
    expect(await refusal(tokens, signJwt(key, untracked))).toEqual({
      code: 'unauthorized',
      message: expect.stringContaining('origin_jti'),
    });
  });

  it('a guest token still works beside accounts, with its session check; a signed-out one is refused', async () => {
    const holds = new MemoryGuestNameHolds();
    const now = Date.now();
    const { token, expiresAt } = issueToken('guest-key', 'bob', now, 'session-bob');
    const deps = {
      guestKey: async () => 'guest-key',
      holds,
      accounts: tokens,
      revoked: new MemoryRevokedSignIns(),
    };
    holds.holds.set(canonicalName('bob'), {
      canonical: canonicalName('bob'),
      name: 'bob',
      sessionId: 'session-bob',
      expiresAt,
      kind: 'guest',
    });
    await expect(checkIdentity(deps, token, now)).resolves.toMatchObject({
      identity: { kind: 'guest', id: 'bob' },
      session: { sessionId: 'session-bob' },
    });
    await expect(
      checkIdentity(deps, signJwt(key, accessClaims(issuer, CLIENT_ID, 'ada')), now),
    ).resolves.toMatchObject({ identity: { kind: 'account', id: 'ada' } });
    holds.holds.clear();
    await expect(checkIdentity(deps, token, now)).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('the keys cannot be had: our failure, not the caller’s (no 401)', () => {
  it('rethrows when nothing serves the keys', async () => {
    const issuer = `${await refusedUrl()}/${POOL_ID}`;
    const tokens = CognitoAccessTokens.forPool({ userPoolId: POOL_ID, clientId: CLIENT_ID, issuer });
    const err = await tokens
      .verify(signJwt(key, accessClaims(issuer, CLIENT_ID, 'ada')))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(ChatError);
  });

  it('rethrows when the keys are served with an error status', async () => {
    const server = await startFakeServer((_req, res) => sendJson(res, 500, { message: 'down' }));
    try {
      const issuer = `${server.url}/${POOL_ID}`;
      const tokens = CognitoAccessTokens.forPool({ userPoolId: POOL_ID, clientId: CLIENT_ID, issuer });
      const err = await tokens
        .verify(signJwt(key, accessClaims(issuer, CLIENT_ID, 'ada')))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(ChatError);
    } finally {
      await server.close();
    }
  });
});

describe('on AWS: CognitoJwtVerifier, issuer derived from the pool id', () => {
  const pool = 'us-east-1_AwsPool';
  const issuer = `https://cognito-idp.us-east-1.amazonaws.com/${pool}`;
  const jwksCache = new SimpleJwksCache();
  jwksCache.addJwks(`${issuer}/.well-known/jwks.json`, key.jwks as never);
  const tokens = CognitoAccessTokens.forPool({ userPoolId: pool, clientId: CLIENT_ID }, { jwksCache });

  it('a valid access token names its account', async () => {
    await expect(tokens.verify(signJwt(key, accessClaims(issuer, CLIENT_ID, 'ada')))).resolves.toMatchObject({
      username: 'ada',
    });
  });

  it('refuses an ID token, another client, another pool or none, an expired token and a forged one', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await refusal(tokens, signJwt(key, idClaims(issuer, CLIENT_ID, 'ada')))).message).toContain(
      'access token is required',
    );
    expect((await refusal(tokens, signJwt(key, accessClaims(issuer, 'other', 'ada')))).message).toContain(
      'another app client',
    );
    const otherPool = `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other`;
    expect(
      (await refusal(tokens, signJwt(key, accessClaims(otherPool, CLIENT_ID, 'ada')))).message,
    ).toContain("not issued by this app's user pool");
    const { iss: _, ...noIssuer } = accessClaims(issuer, CLIENT_ID, 'ada');
    expect((await refusal(tokens, signJwt(key, noIssuer))).message).toContain(
      "not issued by this app's user pool",
    );
    expect(
      (await refusal(tokens, signJwt(key, { ...accessClaims(issuer, CLIENT_ID, 'ada'), exp: now - 1 }))).code,
    ).toBe('token_expired');
    const forger = { ...poolKey(), kid: key.kid };
    expect((await refusal(tokens, signJwt(forger, accessClaims(issuer, CLIENT_ID, 'ada')))).code).toBe(
      'unauthorized',
    );
  });
});

describe('userPoolFromEnv', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('reads the pool and client, and the issuer only where it is set (locally)', () => {
    process.env.USER_POOL_ID = POOL_ID;
    process.env.USER_POOL_CLIENT_ID = CLIENT_ID;
    delete process.env.COGNITO_ISSUER;
    expect(userPoolFromEnv()).toEqual({ userPoolId: POOL_ID, clientId: CLIENT_ID });
    process.env.COGNITO_ISSUER = `http://127.0.0.1:8087/${POOL_ID}`;
    expect(userPoolFromEnv()).toEqual({
      userPoolId: POOL_ID,
      clientId: CLIENT_ID,
      issuer: `http://127.0.0.1:8087/${POOL_ID}`,
    });
  });

  it('fails fast, naming the variable, when the pool or client is missing', () => {
    process.env.USER_POOL_ID = POOL_ID;
    delete process.env.USER_POOL_CLIENT_ID;
    expect(() => userPoolFromEnv()).toThrow(/USER_POOL_CLIENT_ID/);
    delete process.env.USER_POOL_ID;
    expect(() => userPoolFromEnv()).toThrow(/USER_POOL_ID/);
  });
});
