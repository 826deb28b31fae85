import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwksValidationError,
  JwkValidationError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidIssuerError,
  NotSupportedError,
  ParameterValidationError,
} from 'aws-jwt-verify/error';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { ChatError } from '../core/errors';
import type { AccountClaims, AccountTokenVerifier } from '../core/identity-check';
import { requireEnv } from './config';

/** The user pool whose access tokens name accounts. */
export interface UserPoolConfig {
  userPoolId: string;
  /** The app client the page signs in with: an access token's `client_id` must be it. */
  clientId: string;
  /**
   * Set only locally: cognito-local issues tokens as `http://127.0.0.1:<port>/<poolId>`, not Cognito's
   * `https://cognito-idp.<region>.amazonaws.com/<poolId>`, and serves its keys at `<issuer>/.well-known/jwks.json`.
   */
  issuer?: string;
}

/**
 * The pool from the function's environment, read once at cold start: USER_POOL_ID and USER_POOL_CLIENT_ID, plus
 * COGNITO_ISSUER set only by the local cloud (cognito-local's issuer). Both realizations set them from the
 * `userPool` binding of infra/spec.ts (COGNITO_ISSUER: its `localBindingEnv`).
 */
export function userPoolFromEnv(): UserPoolConfig {
  const issuer = process.env.COGNITO_ISSUER;
  return {
    userPoolId: requireEnv('USER_POOL_ID'),
    clientId: requireEnv('USER_POOL_CLIENT_ID'),
    ...(issuer ? { issuer } : {}),
  };
}

/**
 * Cognito access tokens, verified with AWS's own `aws-jwt-verify`: signature against the pool's keys (fetched once,
 * then cached for the environment's life; an unknown `kid` refetches them, rate-limited), issuer, `client_id`,
 * `token_use` = `access` and expiry. On AWS `CognitoJwtVerifier` derives the issuer from the pool id; locally the same
 * checks run through `JwtVerifier` with cognito-local's issuer, and `validateCognitoJwtFields` (what
 * `CognitoJwtVerifier` itself runs) checks `token_use` and `client_id`: one code path, chosen by configuration.
 */
export class CognitoAccessTokens implements AccountTokenVerifier {
  private constructor(private readonly verifier: { verify(token: string): Promise<JwtPayload> }) {}

  /** `jwksCache`: tests hand in the pool's keys instead of serving them. */
  static forPool(config: UserPoolConfig, options: { jwksCache?: JwksCache } = {}): CognitoAccessTokens {
    const { userPoolId, clientId, issuer } = config;
    if (issuer === undefined) {
      const verifier = CognitoJwtVerifier.create(
        { userPoolId, tokenUse: 'access', clientId },
        options.jwksCache ? { jwksCache: options.jwksCache } : undefined,
      );
      return new CognitoAccessTokens({ verify: (token) => verifier.verify(token) });
    }
    const verifier = JwtVerifier.create(
      {
        issuer,
        // Access tokens carry no `aud`; their client is `client_id`, checked below.
        audience: null,
        jwksUri: `${issuer}/.well-known/jwks.json`,
        customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: 'access', clientId }),
      },
      // The library's own fetcher speaks HTTPS only; cognito-local serves plain HTTP on 127.0.0.1.
      { jwksCache: options.jwksCache ?? new SimpleJwksCache({ fetcher: { fetch: plainFetch } }) },
    );
    return new CognitoAccessTokens({ verify: (token) => verifier.verify(token) });
  }

  async verify(token: string): Promise<AccountClaims> {
    let payload: JwtPayload;
    try {
      payload = await this.verifier.verify(token);
    } catch (err) {
      throw refusal(err);
    }
    const { username, exp, origin_jti: sessionId } = payload;
    if (typeof username !== 'string' || username === '' || typeof exp !== 'number') {
      throw new ChatError('unauthorized', 'The access token names no user: sign in again');
    }
    // Cognito puts `origin_jti` in every access token of a client with token revocation on (Chatty's is), the same
    // in each token refreshed from one sign-in: signing out revokes by it, so a token without one is refused.
    if (typeof sessionId !== 'string' || sessionId === '') {
      throw new ChatError('unauthorized', 'The access token names no sign-in (origin_jti): sign in again');
    }
    return { username, expiresAt: exp, sessionId };
  }
}

/**
 * A token the verifier refused becomes a 401 saying why; a failure of ours (the keys could not be fetched or are
 * malformed) is rethrown as it is, a 5xx: the caller's token may be perfectly good.
 */
function refusal(err: unknown): unknown {
  if (
    !(err instanceof JwtBaseError) ||
    err instanceof FetchError ||
    err instanceof JwksValidationError ||
    err instanceof JwkValidationError ||
    err instanceof NotSupportedError
  ) {
    return err;
  }
  if (err instanceof JwtExpiredError) {
    return new ChatError('token_expired', 'The access token has expired: refresh it or sign in again');
  }
  if (err instanceof CognitoJwtInvalidTokenUseError) {
    return new ChatError('unauthorized', 'An access token is required (not an ID token): sign in again');
  }
  if (err instanceof CognitoJwtInvalidClientIdError) {
    return new ChatError(
      'unauthorized',
      "The token was issued to another app client, not this app's: sign in again",
    );
  }
  // CognitoJwtVerifier looks the token's `iss` up among the issuers it was made for (the pool's regional and global
  // forms); another pool's issuer, or none, is not found there and surfaces as a ParameterValidationError. The
  // configuration itself is checked when the verifier is made, at cold start, so here it can only be the token's.
  if (err instanceof JwtInvalidIssuerError || err instanceof ParameterValidationError) {
    return new ChatError('unauthorized', "The token was not issued by this app's user pool: sign in again");
  }
  return new ChatError('unauthorized', 'The token is not valid: sign in again');
}

async function plainFetch(uri: string): Promise<ArrayBuffer> {
  const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
  if (!response.ok) throw new FetchError(uri, `Status code is ${response.status}, expected 200`);
  return response.arrayBuffer();
}
