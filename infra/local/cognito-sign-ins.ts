/**
 * Cognito's `origin_jti`, which cognito-local 5.3 leaves out of its tokens. Cognito puts it (with token revocation
 * on, as Chatty's app client has it) in the access, ID and refresh tokens of a sign-in, and every token refreshed
 * from that refresh token carries the same value: it names the sign-in, and Chatty's sign-out revokes by it
 * (lambdas/core/sign-out.ts). Here a password sign-in gets a new one; a refresh reads it from the refresh token it
 * was given. The tokens are signed again with cognito-local's own key and key id, as it signed them.
 */
import { createSign, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { CognitoService } from 'cognito-local/lib/services/cognitoService';
import type { Context } from 'cognito-local/lib/services/context';
import type { TokenGenerator, Tokens } from 'cognito-local/lib/services/tokenGenerator';
import type { UserPoolService } from 'cognito-local/lib/services/userPoolService';

/** The key cognito-local signs every token with (its JWKS publishes the public half). */
const { pem: signingKey } = createRequire(import.meta.url)(
  'cognito-local/lib/keys/cognitoLocal.private.json',
) as {
  pem: string;
};

export class SignInIds {
  /** The refresh token each request's context was refreshed with (cognito-local passes one context through). */
  private readonly refreshTokenOf = new WeakMap<Context, string>();

  /** Wraps cognito-local's token generator: the tokens it makes, with the sign-in's `origin_jti` added. */
  tokenGenerator(base: TokenGenerator): TokenGenerator {
    return {
      generate: async (ctx, user, groups, client, metadata, source) => {
        const tokens: Tokens = await base.generate(ctx, user, groups, client, metadata, source);
        const refreshedWith = source === 'RefreshTokens' ? this.refreshTokenOf.get(ctx) : undefined;
        const previous = refreshedWith === undefined ? undefined : claimsOf(refreshedWith).origin_jti;
        const originJti = typeof previous === 'string' ? previous : randomUUID();
        return {
          AccessToken: withClaims(tokens.AccessToken, { origin_jti: originJti }),
          IdToken: withClaims(tokens.IdToken, { origin_jti: originJti }),
          RefreshToken: withClaims(tokens.RefreshToken, { origin_jti: originJti }),
        };
      },
    };
  }

  /** Wraps cognito-local's service so a refresh tells the generator which refresh token it came with. */
  cognitoService(base: CognitoService): CognitoService {
    return forwarding(base, {
      getUserPoolForClientId: async (ctx: Context, clientId: string) => {
        const pool = await base.getUserPoolForClientId(ctx, clientId);
        return forwarding(pool, {
          getUserByRefreshToken: (refreshCtx: Context, refreshToken: string) => {
            this.refreshTokenOf.set(refreshCtx, refreshToken);
            return pool.getUserByRefreshToken(refreshCtx, refreshToken);
          },
        } satisfies Partial<UserPoolService>);
      },
    } satisfies Partial<CognitoService>);
  }
}

/** `target` with some methods replaced; every other property read from it (methods bound to it). */
function forwarding<T extends object>(target: T, replaced: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(replaced, property)) return (replaced as Record<PropertyKey, unknown>)[property];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The token with `extra` claims, signed again (RS256) with cognito-local's key; its header (kid) kept. */
function withClaims(token: string, extra: Record<string, unknown>): string {
  const [header = ''] = token.split('.');
  const payload = Buffer.from(JSON.stringify({ ...claimsOf(token), ...extra })).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(signingKey);
  return `${header}.${payload}.${signature.toString('base64url')}`;
}
