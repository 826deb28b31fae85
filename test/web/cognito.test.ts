import { describe, expect, it } from 'vitest';
import type { Fetch } from '../../web/api';
import { CognitoError, cognitoEndpoint, createCognito, errorCodeOf } from '../../web/cognito';

const auth = { region: 'eu-west-1', userPoolId: 'eu-west-1_Pool', userPoolClientId: 'client1' };

function recording(respond: (target: string, body: Record<string, unknown>) => Response) {
  const calls: { url: string; target: string; contentType: string; body: Record<string, unknown> }[] = [];
  const fetchImpl: Fetch = async (url, init) => {
    const headers = new Headers(init?.headers);
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    const target = headers.get('x-amz-target') ?? '';
    calls.push({ url, target, contentType: headers.get('content-type') ?? '', body });
    return respond(target, body);
  };
  return { calls, fetchImpl };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

describe('cognitoEndpoint', () => {
  it("is the emulator's endpoint locally and Cognito's regional one on AWS", () => {
    expect(cognitoEndpoint(auth)).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    expect(cognitoEndpoint({ ...auth, region: 'cn-north-1' })).toBe(
      'https://cognito-idp.cn-north-1.amazonaws.com.cn/',
    );
    expect(cognitoEndpoint({ ...auth, endpoint: 'http://127.0.0.1:8087' })).toBe('http://127.0.0.1:8087');
  });
});

describe('errorCodeOf', () => {
  it('reads the exception name with or without a namespace or a suffix', () => {
    expect(errorCodeOf('NotAuthorizedException')).toBe('NotAuthorizedException');
    expect(errorCodeOf('com.amazonaws.cognito#CodeMismatchException')).toBe('CodeMismatchException');
    expect(errorCodeOf('UserNotFoundException:http://internal')).toBe('UserNotFoundException');
    expect(errorCodeOf(undefined)).toBe('UnknownError');
  });
});

describe('createCognito', () => {
  it("posts each operation as AWS JSON 1.1 with its X-Amz-Target and the page's client id", async () => {
    const { calls, fetchImpl } = recording((target) =>
      target.endsWith('.SignUp')
        ? json({ UserConfirmed: false, CodeDeliveryDetails: { Destination: 'a***@e***' } })
        : json({}),
    );
    const cognito = createCognito(auth, fetchImpl);
    expect(await cognito.signUp('ada', 'ada@example.com', 'Pw-12345')).toEqual({
      confirmed: false,
      destination: 'a***@e***',
    });
    await cognito.confirmSignUp('ada', '123456');
    expect(await cognito.resendCode('ada')).toEqual({});
    expect(await cognito.forgotPassword('ada')).toEqual({});
    await cognito.confirmForgotPassword('ada', '654321', 'New-pw-1');
    await cognito.revokeToken('refresh-1');
    expect(calls.map((c) => [c.url, c.target, c.contentType])).toEqual(
      [
        'SignUp',
        'ConfirmSignUp',
        'ResendConfirmationCode',
        'ForgotPassword',
        'ConfirmForgotPassword',
        'RevokeToken',
      ].map((op) => [
        'https://cognito-idp.eu-west-1.amazonaws.com/',
        `AWSCognitoIdentityProviderService.${op}`,
        'application/x-amz-json-1.1',
      ]),
    );
    expect(calls.map((c) => c.body)).toEqual([
      {
        ClientId: 'client1',
        Username: 'ada',
        Password: 'Pw-12345',
        UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }],
      },
      { ClientId: 'client1', Username: 'ada', ConfirmationCode: '123456' },
      { ClientId: 'client1', Username: 'ada' },
      { ClientId: 'client1', Username: 'ada' },
      { ClientId: 'client1', Username: 'ada', ConfirmationCode: '654321', Password: 'New-pw-1' },
      { ClientId: 'client1', Token: 'refresh-1' },
    ]);
  });

  it('signs in with USER_PASSWORD_AUTH and refreshes with REFRESH_TOKEN_AUTH', async () => {
    const { calls, fetchImpl } = recording((_target, body) =>
      body.AuthFlow === 'USER_PASSWORD_AUTH'
        ? json({
            AuthenticationResult: { AccessToken: 'access-1', RefreshToken: 'refresh-1', IdToken: 'id' },
          })
        : json({ AuthenticationResult: { AccessToken: 'access-2', IdToken: 'id' } }),
    );
    const cognito = createCognito(auth, fetchImpl);
    expect(await cognito.signIn('ada', 'pw')).toEqual({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    // A refresh gives no refresh token: the one the page holds stays good.
    expect(await cognito.refresh('refresh-1')).toEqual({ accessToken: 'access-2' });
    expect(calls.map((c) => [c.target, c.body])).toEqual([
      [
        'AWSCognitoIdentityProviderService.InitiateAuth',
        {
          ClientId: 'client1',
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'ada', PASSWORD: 'pw' },
        },
      ],
      [
        'AWSCognitoIdentityProviderService.InitiateAuth',
        {
          ClientId: 'client1',
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: 'refresh-1' },
        },
      ],
    ]);
  });

  it("turns Cognito's error bodies, a challenge, a network failure and a non-JSON body into CognitoErrors", async () => {
    const failing = (res: () => Response) => createCognito(auth, async () => res());
    await expect(
      failing(() =>
        json({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }, 400),
      ).signIn('ada', 'x'),
    ).rejects.toEqual(new CognitoError('NotAuthorizedException', 'Incorrect username or password.', 400));
    await expect(
      failing(() => json({ ChallengeName: 'NEW_PASSWORD_REQUIRED' })).signIn('ada', 'x'),
    ).rejects.toMatchObject({
      code: 'NEW_PASSWORD_REQUIRED',
    });
    await expect(
      createCognito(auth, async () => {
        throw new TypeError('Failed to fetch');
      }).forgotPassword('ada'),
    ).rejects.toMatchObject({ code: 'NetworkError', status: 0 });
    await expect(
      failing(() => new Response('<html>bad gateway</html>', { status: 502 })).resendCode('ada'),
    ).rejects.toMatchObject({ code: 'UnknownError', status: 502 });
    // cognito-local's answer for an operation it does not implement.
    await expect(
      failing(() =>
        json({ __type: 'CognitoLocal#Unsupported', message: 'Cognito Local unsupported feature' }, 500),
      ).resendCode('ada'),
    ).rejects.toMatchObject({ code: 'Unsupported', status: 500 });
  });
});
