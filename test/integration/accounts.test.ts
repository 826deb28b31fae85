/**
 * Issue 12, points 3 and 6 for accounts, against the local cloud and its Cognito emulator, with the real Cognito SDK
 * client: sign up, read the code from the outbox, confirm, sign in, then post over HTTP and over a socket as that
 * username (`senderType: "user"`); forged, expired and foreign tokens refused with 401 on HTTP and at `$connect`;
 * and `DELETE /sessions/current` ending that sign-in: its tokens (refreshed ones too) refused, its socket closed,
 * the account's other sign-in untouched.
 */
import { createHmac, createPublicKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { readOutbox } from '../../infra/local/cognito-local';
import { localCredentials } from '../../infra/local/types';
import { accountSignInMaxSeconds } from '../../infra/spec';
import { api, ChatClient, type Frame, signIn, startTestCloud, tableClient } from './harness';

const password = 'Correct-horse-1';

/** cognito-local signs every pool's tokens with one key, shipped in its package (its JWKS publishes the other half). */
const emulatorKey = (
  createRequire(import.meta.url)('cognito-local/lib/keys/cognitoLocal.private.json') as { pem: string }
).pem;

let cloud: LocalCloud;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  cloud = await startTestCloud();
  cognito = new CognitoIdentityProviderClient({
    endpoint: cloud.auth.endpoint,
    region: cloud.auth.region,
    credentials: localCredentials,
  });
});

afterAll(async () => {
  cognito?.destroy();
  await cloud?.stop();
});

interface SignedIn {
  accessToken: string;
  refreshToken: string;
}

/** Signs `username` up, confirms it with the code the outbox received, and signs it in with its password. */
async function createAccount(username: string): Promise<SignedIn> {
  await cognito.send(
    new SignUpCommand({
      ClientId: cloud.auth.userPoolClientId,
      Username: username,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
  );
  const code = (await readOutbox(cloud.outboxFile)).filter((m) => m.username === username).at(-1)?.code;
  if (!code) throw new Error(`no code in the outbox for ${username}`);
  await cognito.send(
    new ConfirmSignUpCommand({
      ClientId: cloud.auth.userPoolClientId,
      Username: username,
      ConfirmationCode: code,
    }),
  );
  return passwordSignIn(username);
}

async function passwordSignIn(username: string): Promise<SignedIn> {
  const { AuthenticationResult: result } = await cognito.send(
    new InitiateAuthCommand({
      ClientId: cloud.auth.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  if (!result?.AccessToken || !result.RefreshToken) throw new Error(`no tokens for ${username}`);
  return { accessToken: result.AccessToken, refreshToken: result.RefreshToken };
}

async function refreshed(refreshToken: string): Promise<string> {
  const { AuthenticationResult: result } = await cognito.send(
    new InitiateAuthCommand({
      ClientId: cloud.auth.userPoolClientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  );
  if (!result?.AccessToken) throw new Error('no access token from the refresh');
  return result.AccessToken;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/** An RS256 JWT with the emulator's key id, signed with `key` (the emulator's own, or any other). */
function jwt(claims: Record<string, unknown>, key: string | KeyObject = emulatorKey): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' })).toString(
    'base64url',
  );
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** A JWT with any header, its signature made by `sign` over `header.payload` (none: an empty signature). */
function craftedJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  sign: (input: string) => string = () => '',
): string {
  const input = [header, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .join('.');
  return `${input}.${sign(input)}`;
}

/** Resolves with the close code once the socket is closed, or rejects after `timeoutMs`. */
function closedWithin(client: ChatClient, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (client.closeCode !== undefined) return resolve(client.closeCode);
    const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
    client.socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

const messageFrom = (sender: string, text: string) => (f: Frame) =>
  f.type === 'message' &&
  typeof f.message === 'object' &&
  f.message !== null &&
  'sender' in f.message &&
  f.message.sender === sender &&
  'text' in f.message &&
  f.message.text === text;

describe('an account', () => {
  it('signs up, confirms with the outbox code, signs in, and speaks as its username over HTTP and a socket', async () => {
    const { accessToken, refreshToken } = await createAccount('marie');
    // The guest listening hears it as a user.
    const guest = await ChatClient.connect(cloud, await signIn(cloud, 'pierre'));
    const socket = await ChatClient.connect(cloud, accessToken);
    try {
      const posted = await api(cloud, 'POST', '/rooms/lobby/messages', {
        token: accessToken,
        body: { text: 'over HTTP', senderType: 'guest' },
      });
      expect(posted).toMatchObject({
        status: 201,
        body: { message: { sender: 'marie', senderType: 'user', text: 'over HTTP' } },
      });
      await guest.next(messageFrom('marie', 'over HTTP'));

      socket.send({ action: 'sendMessage', roomId: 'lobby', text: 'over a socket', clientMessageId: 'm-1' });
      await socket.next((f) => f.type === 'ack' && f.clientMessageId === 'm-1');
      const heard = await guest.next(messageFrom('marie', 'over a socket'));
      expect(heard.message).toMatchObject({ sender: 'marie', senderType: 'user' });

      const history = await api<{ messages: { sender: string; senderType: string; text: string }[] }>(
        cloud,
        'GET',
        '/rooms/lobby/messages',
      );
      expect(history.body.messages.filter((m) => m.sender === 'marie')).toEqual([
        expect.objectContaining({ text: 'over HTTP', senderType: 'user' }),
        expect.objectContaining({ text: 'over a socket', senderType: 'user' }),
      ]);

      // A room made by an account is the account's (its allowance: 10 an hour).
      expect(
        await api(cloud, 'POST', '/rooms', { token: accessToken, body: { name: 'Radium' } }),
      ).toMatchObject({
        status: 201,
        body: { room: { roomId: 'radium', createdBy: 'marie' } },
      });

      // A refreshed access token is the same sign-in (origin_jti), and works as well.
      const again = await refreshed(refreshToken);
      expect(claimsOf(again).origin_jti).toBe(claimsOf(accessToken).origin_jti);
      expect(
        (await api(cloud, 'POST', '/rooms/lobby/messages', { token: again, body: { text: 'refreshed' } }))
          .status,
      ).toBe(201);
    } finally {
      await socket.close();
      await guest.close();
    }
  });

  it('is refused with a forged, expired or foreign token: 401 over HTTP and at $connect', async () => {
    const { accessToken } = await createAccount('lise');
    const genuine = claimsOf(accessToken);
    const now = Math.floor(Date.now() / 1000);
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const [header, , signature] = accessToken.split('.');
    const guestToken = await signIn(cloud, 'Lisette');
    const tampered = Buffer.from(JSON.stringify({ ...genuine, username: 'marie' })).toString('base64url');
    const refused: [string, string, string][] = [
      [
        'its claims changed (the signature no longer matches)',
        `${header}.${tampered}.${signature}`,
        'unauthorized',
      ],
      ['signed with a key the pool does not publish', jwt(genuine, otherKey), 'unauthorized'],
      ['expired', jwt({ ...genuine, iat: now - 7200, exp: now - 3600 }), 'token_expired'],
      [
        "another pool's (its issuer)",
        jwt({ ...genuine, iss: `${cloud.auth.endpoint}/us-east-1_AnotherPool` }),
        'unauthorized',
      ],
      ["another app client's", jwt({ ...genuine, client_id: 'another-app-client' }), 'unauthorized'],
      ['an ID token, not an access token', jwt({ ...genuine, token_use: 'id' }), 'unauthorized'],
      [
        'unsigned (alg none)',
        craftedJwt({ alg: 'none', typ: 'JWT', kid: 'CognitoLocal' }, genuine),
        'unauthorized',
      ],
      [
        "HS256 keyed with the pool's public key (key confusion)",
        craftedJwt({ alg: 'HS256', typ: 'JWT', kid: 'CognitoLocal' }, genuine, (input) =>
          createHmac('sha256', createPublicKey(emulatorKey).export({ type: 'spki', format: 'pem' }))
            .update(input)
            .digest('base64url'),
        ),
        'unauthorized',
      ],
      [
        'a key id the pool does not publish',
        craftedJwt({ alg: 'RS256', typ: 'JWT', kid: 'another-key' }, genuine, (input) =>
          createSign('RSA-SHA256').update(input).sign(otherKey).toString('base64url'),
        ),
        'unauthorized',
      ],
      ['without its sign-in (origin_jti)', jwt({ ...genuine, origin_jti: undefined }), 'unauthorized'],
      ["a guest's token given a third part", `${guestToken}.${guestToken.split('.')[1]}`, 'unauthorized'],
    ];
    for (const [label, token, code] of refused) {
      const answer = await api(cloud, 'POST', '/rooms/lobby/messages', {
        token,
        body: { text: 'let me in' },
      });
      expect({ label, answer }).toEqual({
        label,
        answer: { status: 401, body: { error: { code, message: expect.any(String) } } },
      });
      await expect(ChatClient.connect(cloud, token), label).rejects.toThrow('handshake refused: 401');
    }
    // The genuine one, for contrast, is let in.
    const socket = await ChatClient.connect(cloud, accessToken);
    await socket.close();
  });

  it("signs out on the server: that sign-in's tokens are refused, its socket closes, its other sign-in goes on", async () => {
    const laptop = await createAccount('ada-l');
    const phone = await passwordSignIn('ada-l');
    const laptopSocket = await ChatClient.connect(cloud, laptop.accessToken);
    const phoneSocket = await ChatClient.connect(cloud, phone.accessToken);
    try {
      expect(await api(cloud, 'DELETE', '/sessions/current', { token: laptop.accessToken })).toEqual({
        status: 204,
        body: null,
      });
      // Closed by the server (DELETE @connections → a normal close), waited for, not timed.
      expect(await closedWithin(laptopSocket, 5000)).toBe(1000);

      const unauthorized = {
        status: 401,
        body: { error: { code: 'unauthorized', message: expect.any(String) } },
      };
      expect(
        await api(cloud, 'POST', '/rooms/lobby/messages', {
          token: laptop.accessToken,
          body: { text: 'still me?' },
        }),
      ).toEqual(unauthorized);
      await expect(ChatClient.connect(cloud, laptop.accessToken)).rejects.toThrow('handshake refused: 401');
      // Every access token of that sign-in, a refreshed one too (Cognito itself would still refresh it, until the
      // page revokes the refresh token).
      const refreshedAfter = await refreshed(laptop.refreshToken);
      expect(
        await api(cloud, 'POST', '/rooms/lobby/messages', {
          token: refreshedAfter,
          body: { text: 'refreshed?' },
        }),
      ).toEqual(unauthorized);
      expect(await api(cloud, 'DELETE', '/sessions/current', { token: laptop.accessToken })).toEqual(
        unauthorized,
      );

      // The revocation lasts as long as a token of the sign-in could: the refresh token's life, then an access token's.
      const { Item } = await tableClient(cloud).send(
        new GetCommand({
          TableName: cloud.tableName,
          Key: { pk: `REVOKED#${String(claimsOf(laptop.accessToken).origin_jti)}`, sk: 'REVOKED' },
        }),
      );
      const nowSeconds = Math.floor(Date.now() / 1000);
      expect(Item?.expiresAt).toBeGreaterThan(nowSeconds + accountSignInMaxSeconds - 60);
      expect(Item?.expiresAt).toBeLessThanOrEqual(nowSeconds + accountSignInMaxSeconds);

      // The phone's sign-in is another: it keeps its socket and keeps talking.
      phoneSocket.send({
        action: 'sendMessage',
        roomId: 'lobby',
        text: 'from the phone',
        clientMessageId: 'p-1',
      });
      await phoneSocket.next((f) => f.type === 'ack' && f.clientMessageId === 'p-1');
      expect(phoneSocket.closeCode).toBeUndefined();
    } finally {
      await phoneSocket.close();
      await laptopSocket.close();
    }
  });
});
