import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import {
  type CognitoLocal,
  type OutboxMessage,
  outboxPath,
  readOutbox,
  startCognitoLocal,
} from '../../infra/local/cognito-local';
import { localCredentials } from '../../infra/local/types';
import { PageConfigSchema } from '../../lambdas/contract/config';
import { startTestCloud } from './harness';

const pageOrigin = 'http://127.0.0.1:8080';
const password = 'Correct-horse-1';
/** What cognito-local answers for a wrong password (AWS: NotAuthorizedException). */
const wrongPasswordError = 'InvalidPasswordException';

let dir: string;
let cognito: CognitoLocal;
let client: CognitoIdentityProviderClient;
const delivered: OutboxMessage[] = [];

async function start(): Promise<CognitoLocal> {
  return startCognitoLocal({
    dataDir: join(dir, 'cognito'),
    outboxFile: outboxPath(dir),
    allowedOrigins: [pageOrigin],
    onMessage: (m) => delivered.push(m),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chatty-cognito-'));
  cognito = await start();
  // The real SDK client, signed with the local credentials, pointed at the emulator.
  client = new CognitoIdentityProviderClient({
    endpoint: cognito.auth.endpoint,
    region: cognito.auth.region,
    credentials: localCredentials,
  });
});

afterAll(async () => {
  client?.destroy();
  await cognito?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The newest code the outbox holds for `username`. */
async function lastCode(username: string): Promise<string> {
  const mine = (await readOutbox(outboxPath(dir))).filter((m) => m.username === username);
  const code = mine.at(-1)?.code;
  if (!code) throw new Error(`no code in the outbox for ${username}`);
  return code;
}

function signUp(username: string) {
  return client.send(
    new SignUpCommand({
      ClientId: cognito.auth.userPoolClientId,
      Username: username,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
}

function signIn(username: string, pass = password) {
  return client.send(
    new InitiateAuthCommand({
      ClientId: cognito.auth.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: pass },
    }),
  );
}

describe('the local Cognito emulator', () => {
  it("gives config.json's auth: its region, pool, app client and endpoint on 127.0.0.1", () => {
    expect(cognito.auth).toEqual({
      region: localCredentials.region,
      userPoolId: expect.any(String),
      userPoolClientId: expect.any(String),
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    expect(cognito.url).toBe(cognito.auth.endpoint);
  });

  it('signs up, puts the code in the outbox, confirms, signs in and refreshes', async () => {
    const signedUp = await signUp('ada');
    expect(signedUp.UserConfirmed).toBe(false);
    expect(signedUp.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = await lastCode('ada');
    expect(code).toMatch(/^\d{6}$/);
    expect(delivered.some((m) => m.username === 'ada' && m.destination === 'ada@example.com')).toBe(true);

    await client.send(
      new ConfirmSignUpCommand({
        ClientId: cognito.auth.userPoolClientId,
        Username: 'ada',
        ConfirmationCode: code,
      }),
    );
    const tokens = (await signIn('ada')).AuthenticationResult;
    expect(tokens?.AccessToken).toEqual(expect.any(String));
    expect(tokens?.IdToken).toEqual(expect.any(String));
    expect(tokens?.RefreshToken).toEqual(expect.any(String));

    const refreshed = await client.send(
      new InitiateAuthCommand({
        ClientId: cognito.auth.userPoolClientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens?.RefreshToken ?? '' },
      }),
    );
    expect(refreshed.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('issues access tokens for the pool and the page client, from its own issuer', async () => {
    const access = (await signIn('ada')).AuthenticationResult?.AccessToken ?? '';
    const [, payload] = access.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    expect(claims).toMatchObject({
      token_use: 'access',
      client_id: cognito.auth.userPoolClientId,
      username: 'ada',
      iss: `${cognito.auth.endpoint}/${cognito.auth.userPoolId}`,
    });
    const jwks = await fetch(`${cognito.auth.endpoint}/${cognito.auth.userPoolId}/.well-known/jwks.json`);
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });

  it('refuses a wrong code, an unconfirmed sign-in, a wrong password and a taken username', async () => {
    await signUp('bea');
    await expect(
      client.send(
        new ConfirmSignUpCommand({
          ClientId: cognito.auth.userPoolClientId,
          Username: 'bea',
          ConfirmationCode: (await lastCode('bea')) === '000000' ? '111111' : '000000',
        }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' });
    await expect(signIn('bea')).rejects.toMatchObject({ name: 'UserNotConfirmedException' });
    // cognito-local's answer to a wrong password; AWS answers NotAuthorizedException: a client treats both alike.
    await expect(signIn('ada', 'Wrong-password-1')).rejects.toMatchObject({ name: wrongPasswordError });
    await expect(signUp('ada')).rejects.toMatchObject({ name: 'UsernameExistsException' });
  });

  it('confirms a sign-up with AdminConfirmSignUp and the local credentials', async () => {
    await signUp('cy');
    await client.send(new AdminConfirmSignUpCommand({ UserPoolId: cognito.auth.userPoolId, Username: 'cy' }));
    expect((await signIn('cy')).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('puts a password-reset code in the outbox, and the new password then signs in', async () => {
    await client.send(
      new ForgotPasswordCommand({ ClientId: cognito.auth.userPoolClientId, Username: 'ada' }),
    );
    const code = await lastCode('ada');
    await client.send(
      new ConfirmForgotPasswordCommand({
        ClientId: cognito.auth.userPoolClientId,
        Username: 'ada',
        ConfirmationCode: code,
        Password: 'New-password-2',
      }),
    );
    expect((await signIn('ada', 'New-password-2')).AuthenticationResult?.AccessToken).toEqual(
      expect.any(String),
    );
    await expect(signIn('ada')).rejects.toMatchObject({ name: wrongPasswordError });
  });

  it("answers the page's origin and refuses any other browser origin with 403", async () => {
    const call = (origin: string) =>
      fetch(cognito.auth.endpoint, {
        method: 'POST',
        headers: {
          origin,
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        },
        body: JSON.stringify({
          ClientId: cognito.auth.userPoolClientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'cy', PASSWORD: password },
        }),
      });
    const fromPage = await call(pageOrigin);
    expect(fromPage.status).toBe(200);
    const elsewhere = await call('https://evil.example');
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps its data private (0700, files 0600) and finds the same pool, client and accounts after a restart', async () => {
    const before = cognito.auth;
    await cognito.close();
    cognito = await start();
    expect(cognito.auth.userPoolId).toBe(before.userPoolId);
    expect(cognito.auth.userPoolClientId).toBe(before.userPoolClientId);
    client.destroy();
    client = new CognitoIdentityProviderClient({
      endpoint: cognito.auth.endpoint,
      region: cognito.auth.region,
      credentials: localCredentials,
    });
    expect((await signIn('cy')).AuthenticationResult?.AccessToken).toEqual(expect.any(String));

    const dataDir = join(dir, 'cognito');
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    const files = await readdir(dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect((await stat(join(dataDir, name))).mode & 0o777).toBe(0o600);
    expect((await stat(outboxPath(dir))).mode & 0o777).toBe(0o600);
  });
});

describe('the local cloud', () => {
  let cloud: LocalCloud;
  let siteDir: string;

  beforeAll(async () => {
    siteDir = await mkdtemp(join(tmpdir(), 'chatty-cognito-site-'));
    await writeFile(join(siteDir, 'index.html'), '<!doctype html><title>Chatty</title>');
    cloud = await startTestCloud({ site: { distDir: siteDir } });
  });

  afterAll(async () => {
    await cloud?.stop();
    await rm(siteDir, { recursive: true, force: true });
  });

  it("serves config.json with the emulator's pool as auth, and lets the page connect to it", async () => {
    const res = await fetch(`${cloud.siteUrl}/config.json`);
    const config = v.parse(PageConfigSchema, await res.json());
    expect(config.auth).toEqual(cloud.auth);
    expect(res.headers.get('content-security-policy')).toContain(`connect-src 'self'`);
    expect(res.headers.get('content-security-policy')).toContain(cloud.auth.endpoint);
  });

  it("puts a sign-up's code in the cloud's outbox, and the account signs in once confirmed", async () => {
    const cognitoClient = new CognitoIdentityProviderClient({
      endpoint: cloud.auth.endpoint,
      region: cloud.auth.region,
      credentials: localCredentials,
    });
    try {
      await cognitoClient.send(
        new SignUpCommand({
          ClientId: cloud.auth.userPoolClientId,
          Username: 'dee',
          Password: password,
          UserAttributes: [{ Name: 'email', Value: 'dee@example.com' }],
        }),
      );
      const code = (await readOutbox(cloud.outboxFile)).find((m) => m.username === 'dee')?.code ?? '';
      await cognitoClient.send(
        new ConfirmSignUpCommand({
          ClientId: cloud.auth.userPoolClientId,
          Username: 'dee',
          ConfirmationCode: code,
        }),
      );
      const signedIn = await cognitoClient.send(
        new InitiateAuthCommand({
          ClientId: cloud.auth.userPoolClientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'dee', PASSWORD: password },
        }),
      );
      expect(signedIn.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    } finally {
      cognitoClient.destroy();
    }
  });
});
