/**
 * What the page reads from a Cognito access token: who it names and when it expires. The page does not verify
 * the signature (the server does, on every use); it only needs to know when to refresh and what name to show.
 */

export interface AccessTokenClaims {
  username: string;
  /** `exp`, in milliseconds. */
  expiresAtMs: number;
}

function base64UrlDecode(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT's payload, or null when the token is not a readable access token. */
export function readAccessToken(token: string): AccessTokenClaims | null {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return null;
  try {
    const claims = JSON.parse(base64UrlDecode(payload)) as Record<string, unknown>;
    // Cognito's access tokens name the person in `username` (ID tokens in `cognito:username`).
    if (
      claims.token_use !== 'access' ||
      typeof claims.username !== 'string' ||
      typeof claims.exp !== 'number'
    )
      return null;
    return { username: claims.username, expiresAtMs: claims.exp * 1000 };
  } catch {
    return null;
  }
}
