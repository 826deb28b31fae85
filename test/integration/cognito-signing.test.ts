/**
 * The Cognito emulator as AWS serves Cognito: admin and management calls need a SigV4 signature by known
 * credentials (locally, the local ones), the public API (sign-up, sign-in, codes) takes none; and every token names
 * its sign-in (`origin_jti`), the same in each token refreshed from it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CognitoLocal, outboxPath, startCognitoLocal } from '../../infra/local/cognito-local';
import { localCredentials } from '../../infra/local/types';

const password = 'Correct-horse-1';

let dir: string;
let cognito: CognitoLocal;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chatty-cognito-signing-'));
  cognito = await startCognitoLocal({ dataDir: join(dir, 'cognito'), outboxFile: outboxPath(dir) });
});

afterAll(async () => {
  await cognito?.close();
  await rm(dir, { recursive: true, force: true });
});

/** An AWS JSON 1.1 call with no signature at all, as a web page (or curl) would make it. */
async function unsigned(operation: string, input: Record<string, unknown>) {
  const res = await fetch(cognito.auth.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(input),
  });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: await res.json() };
}

function clientWith(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
  return new CognitoIdentityProviderClient({
    endpoint: cognito.auth.endpoint,
    region: cognito.auth.region,
    credentials,
    maxAttempts: 1,
  });
}

const signUp = (username: string) =>
  unsigned('SignUp', {
    ClientId: cognito.auth.userPoolClientId,
    Username: username,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  });

describe('the Cognito emulator', () => {
  it('refuses an unsigned admin call (AdminConfirmSignUp) and an unsigned management call (ListUserPools)', async () => {
    expect((await signUp('una')).status).toBe(200);
    const admin = await unsigned('AdminConfirmSignUp', {
      UserPoolId: cognito.auth.userPoolId,
      Username: 'una',
    });
    expect(admin).toEqual({
      status: 400,
      errorType: 'MissingAuthenticationTokenException',
      body: { __type: 'MissingAuthenticationTokenException', message: expect.any(String) },
    });
    expect((await unsigned('ListUserPools', { MaxResults: 10 })).errorType).toBe(
      'MissingAuthenticationTokenException',
    );
    // Still unconfirmed: the refused call changed nothing.
    const signIn = await unsigned('InitiateAuth', {
      ClientId: cognito.auth.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'una', PASSWORD: password },
    });
    expect(signIn.body).toMatchObject({ __type: 'UserNotConfirmedException' });
  });

  it('refuses an admin call signed with another secret or by an unknown access key', async () => {
    await signUp('otto');
    const command = new AdminConfirmSignUpCommand({ UserPoolId: cognito.auth.userPoolId, Username: 'otto' });
    const wrongSecret = clientWith({ ...localCredentials, secretAccessKey: 'not-the-secret' });
    const unknownKey = clientWith({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'whatever' });
    try {
      await expect(wrongSecret.send(command)).rejects.toMatchObject({ name: 'InvalidSignatureException' });
      await expect(unknownKey.send(command)).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    } finally {
      wrongSecret.destroy();
      unknownKey.destroy();
    }
  });

  it('serves an admin call signed with the local credentials, and the public API unsigned', async () => {
    await signUp('ida');
    const local = clientWith(localCredentials);
    try {
      await local.send(
        new AdminConfirmSignUpCommand({ UserPoolId: cognito.auth.userPoolId, Username: 'ida' }),
      );
      const pools = await local.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      expect(pools.UserPools?.map((p) => p.Id)).toContain(cognito.auth.userPoolId);
    } finally {
      local.destroy();
    }
    const signIn = await unsigned('InitiateAuth', {
      ClientId: cognito.auth.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ida', PASSWORD: password },
    });
    expect(signIn.status).toBe(200);
  });

  it('names each sign-in in its tokens (origin_jti), and keeps it in the tokens a refresh gives', async () => {
    const local = clientWith(localCredentials);
    try {
      await signUp('rey');
      await local.send(
        new AdminConfirmSignUpCommand({ UserPoolId: cognito.auth.userPoolId, Username: 'rey' }),
      );
      const signIn = () =>
        local.send(
          new InitiateAuthCommand({
            ClientId: cognito.auth.userPoolClientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: 'rey', PASSWORD: password },
          }),
        );
      const first = (await signIn()).AuthenticationResult;
      const second = (await signIn()).AuthenticationResult;
      const claims = (token: string | undefined) =>
        JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >;
      const origin = claims(first?.AccessToken).origin_jti;
      expect(origin).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
      expect(claims(first?.IdToken).origin_jti).toBe(origin);
      expect(claims(first?.RefreshToken).origin_jti).toBe(origin);
      expect(claims(first?.AccessToken).iss).toBe(cognito.issuer);
      // Another sign-in, another id.
      expect(claims(second?.AccessToken).origin_jti).not.toBe(origin);
      const refreshed = await local.send(
        new InitiateAuthCommand({
          ClientId: cognito.auth.userPoolClientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: first?.RefreshToken ?? '' },
        }),
      );
      expect(claims(refreshed.AuthenticationResult?.AccessToken).origin_jti).toBe(origin);
      // The tokens still verify against the emulator's published keys (signed again with its key).
      const jwks = (await (await fetch(`${cognito.issuer}/.well-known/jwks.json`)).json()) as {
        keys: { kid: string }[];
      };
      expect(jwks.keys.map((k) => k.kid)).toContain('CognitoLocal');
    } finally {
      local.destroy();
    }
  });
});
