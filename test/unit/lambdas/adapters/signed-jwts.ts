import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';

/** An RSA key pair standing for a user pool's signing key, with the JWKS a pool publishes for it. */
export interface PoolKey {
  kid: string;
  privateKey: KeyObject;
  jwks: { keys: Record<string, unknown>[] };
}

export function poolKey(kid = `kid-${randomUUID()}`): PoolKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] } };
}

/** An RS256 JWT built by hand (node:crypto only), as Cognito signs its tokens. */
export function signJwt(key: Pick<PoolKey, 'kid' | 'privateKey'>, payload: Record<string, unknown>): string {
  const header = base64url({ alg: 'RS256', kid: key.kid, typ: 'JWT' });
  const body = base64url(payload);
  const signature = createSign('RSA-SHA256')
    .update(`${header}.${body}`)
    .sign(key.privateKey)
    .toString('base64url');
  return `${header}.${body}.${signature}`;
}

/** The claims of a Cognito access token for `username`, valid for an hour from now. */
export function accessClaims(issuer: string, clientId: string, username: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: randomUUID(),
    iss: issuer,
    client_id: clientId,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    auth_time: now,
    iat: now,
    exp: now + 3600,
    jti: randomUUID(),
    username,
  };
}

/** The claims of a Cognito ID token for the same user: `aud` instead of `client_id`, `token_use` = `id`. */
export function idClaims(issuer: string, clientId: string, username: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: randomUUID(),
    aud: clientId,
    iss: issuer,
    token_use: 'id',
    'cognito:username': username,
    auth_time: now,
    iat: now,
    exp: now + 3600,
  };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
