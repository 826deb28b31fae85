/** An unsigned stand-in for a Cognito JWT: the page reads claims only (the server checks signatures). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'test' })}.${part(claims)}.signature`;
}

/** A Cognito access token for `username` expiring at `expMs`. */
export function accessToken(username: string, expMs: number, jti = 'j1'): string {
  return fakeJwt({ token_use: 'access', username, exp: Math.floor(expMs / 1000), jti });
}
