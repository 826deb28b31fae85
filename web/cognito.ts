/**
 * Amazon Cognito's user-pool API, the few public operations the page uses, called with fetch.
 *
 * Why not the AWS SDK: @aws-sdk/client-cognito-identity-provider brings its middleware stack, credential chain and
 * every operation's serializer (well over 100 KB minified) into a page that needs seven unsigned JSON calls. These
 * operations are public (no AWS credentials, no signature): a POST to the regional endpoint with the operation in
 * `X-Amz-Target` and the AWS JSON 1.1 content type, answered with JSON, errors as `{"__type","message"}`.
 */
import type { Fetch } from './api';
import type { Config } from './types';

export type AuthConfig = NonNullable<Config['auth']>;

/** A refusal from Cognito: `code` is its exception name (`NotAuthorizedException`…), `message` its own words. */
export class CognitoError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CognitoError';
  }
}

/** The tokens a sign-in gives (a refresh gives no new refresh token: the page keeps the one it has). */
export interface CognitoTokens {
  accessToken: string;
  refreshToken?: string;
}

/** Where a code went, as Cognito reports it (the address is masked: `a***@e***`). */
export interface CodeDelivery {
  destination?: string;
}

/**
 * The endpoint for a pool: the emulator's locally, Cognito's regional one on AWS (China's regions are under
 * amazonaws.com.cn; the site's CSP allows the same host, built from the stack's URL suffix).
 */
export function cognitoEndpoint(auth: AuthConfig): string {
  const suffix = auth.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return auth.endpoint ?? `https://cognito-idp.${auth.region}.${suffix}/`;
}

/** Cognito's error type may carry a namespace prefix (`…#NotAuthorizedException`) or a suffix after `:`. */
export function errorCodeOf(type: unknown): string {
  if (typeof type !== 'string' || type === '') return 'UnknownError';
  return type.split('#').at(-1)?.split(':')[0] ?? type;
}

export function createCognito(auth: AuthConfig, fetchImpl: Fetch = (input, init) => fetch(input, init)) {
  const endpoint = cognitoEndpoint(auth);
  const ClientId = auth.userPoolClientId;

  async function call<T>(operation: string, body: Record<string, unknown>): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify(body),
      });
    } catch {
      throw new CognitoError('NetworkError', 'Cannot reach the sign-in service.', 0);
    }
    let json: Record<string, unknown> = {};
    try {
      json = (await res.json()) as Record<string, unknown>;
    } catch {
      // An empty or non-JSON body (a proxy's error page): the status says enough.
    }
    if (!res.ok) {
      const message = typeof json.message === 'string' ? json.message : `HTTP ${res.status}`;
      throw new CognitoError(
        errorCodeOf(json.__type ?? res.headers.get('x-amzn-errortype')),
        message,
        res.status,
      );
    }
    return json as T;
  }

  const delivery = (out: { CodeDeliveryDetails?: { Destination?: string } }): CodeDelivery =>
    out.CodeDeliveryDetails?.Destination ? { destination: out.CodeDeliveryDetails.Destination } : {};

  async function initiateAuth(AuthFlow: string, AuthParameters: Record<string, string>) {
    const out = await call<{
      AuthenticationResult?: { AccessToken?: string; RefreshToken?: string };
      ChallengeName?: string;
    }>('InitiateAuth', { ClientId, AuthFlow, AuthParameters });
    const result = out.AuthenticationResult;
    // A challenge (a new password, MFA) is not something this pool asks of self-registered people.
    if (!result?.AccessToken)
      throw new CognitoError(
        out.ChallengeName ?? 'UnknownError',
        'Sign-in needs a step this page does not offer.',
        200,
      );
    const tokens: CognitoTokens = { accessToken: result.AccessToken };
    if (result.RefreshToken) tokens.refreshToken = result.RefreshToken;
    return tokens;
  }

  return {
    async signUp(
      username: string,
      email: string,
      password: string,
    ): Promise<{ confirmed: boolean } & CodeDelivery> {
      const out = await call<{ UserConfirmed?: boolean; CodeDeliveryDetails?: { Destination?: string } }>(
        'SignUp',
        {
          ClientId,
          Username: username,
          Password: password,
          UserAttributes: [{ Name: 'email', Value: email }],
        },
      );
      return { confirmed: out.UserConfirmed === true, ...delivery(out) };
    },
    async confirmSignUp(username: string, code: string): Promise<void> {
      await call('ConfirmSignUp', { ClientId, Username: username, ConfirmationCode: code });
    },
    async resendCode(username: string): Promise<CodeDelivery> {
      return delivery(await call('ResendConfirmationCode', { ClientId, Username: username }));
    },
    signIn: (username: string, password: string) =>
      initiateAuth('USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: password }),
    refresh: (refreshToken: string) => initiateAuth('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: refreshToken }),
    async forgotPassword(username: string): Promise<CodeDelivery> {
      return delivery(await call('ForgotPassword', { ClientId, Username: username }));
    },
    async confirmForgotPassword(username: string, code: string, password: string): Promise<void> {
      await call('ConfirmForgotPassword', {
        ClientId,
        Username: username,
        ConfirmationCode: code,
        Password: password,
      });
    },
    /**
     * Ends the refresh token and the access tokens it issued (the app client has token revocation on). Not
     * GlobalSignOut: that would sign the person out on every device, and cognito-local 5.3 does not have it.
     */
    async revokeToken(refreshToken: string): Promise<void> {
      await call('RevokeToken', { ClientId, Token: refreshToken });
    },
  };
}

export type Cognito = ReturnType<typeof createCognito>;
