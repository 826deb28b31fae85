import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { cachedSecret } from '../../../../lambdas/adapters/secrets';
import { canonicalName } from '../../../../lambdas/contract/canonical-name';
import type { IdentityCheckDeps } from '../../../../lambdas/core/identity-check';
import { issueToken } from '../../../../lambdas/core/tokens';
import { makeAuthorizerHandler } from '../../../../lambdas/ws/authorizer.handler';
import { SECRET_ARN } from '../adapters/mocked-clients';
import { MemoryGuestNameHolds } from '../core/name-fakes';
import { FakeAccountTokens, MemoryRevokedSignIns } from '../core/revocation-fakes';
import { TOKEN_KEY } from '../handler-env';

const ACCESS_TOKEN = 'header.payload.signature';
const ACCOUNT_EXPIRES_AT = Math.floor(Date.now() / 1000) + 3600;

const secrets = mockClient(SecretsManagerClient);
let names = new MemoryGuestNameHolds();
let revoked = new MemoryRevokedSignIns();
const identityCheck: IdentityCheckDeps = {
  guestKey: cachedSecret(new SecretsManagerClient({ region: 'us-east-1' }), SECRET_ARN),
  holds: { heldBy: (canonical, sessionId, now) => names.heldBy(canonical, sessionId, now) },
  accounts: new FakeAccountTokens({
    [ACCESS_TOKEN]: { username: 'grace', expiresAt: ACCOUNT_EXPIRES_AT, sessionId: 'origin-jti-1' },
  }),
  revoked: { isRevoked: (sessionId, now) => revoked.isRevoked(sessionId, now) },
};
const handler = makeAuthorizerHandler({ identityCheck, clock: systemClock });

/** A token whose session holds its name, as POST /sessions leaves it. */
function liveToken(
  name: string,
  nowMs = Date.now(),
): { token: string; sessionId: string; expiresAt: number } {
  const sessionId = `session-${name}`;
  const { token, expiresAt } = issueToken(TOKEN_KEY, name, nowMs, sessionId);
  names.holds.set(canonicalName(name), {
    canonical: canonicalName(name),
    name,
    sessionId,
    expiresAt,
    kind: 'guest',
  });
  return { token, sessionId, expiresAt };
}

beforeEach(() => {
  names = new MemoryGuestNameHolds();
  revoked = new MemoryRevokedSignIns();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN_KEY });
});

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123/live/$connect';
const authorize = (token?: string) =>
  handler({
    methodArn: METHOD_ARN,
    queryStringParameters: token === undefined ? null : { token, roomId: 'lobby' },
  });
const allow = {
  Version: '2012-10-17',
  Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: METHOD_ARN }],
};

describe('WebSocket $connect authorizer', () => {
  it("allows a guest's live session and passes its name, kind, session id and expiry on as context", async () => {
    const { token, sessionId, expiresAt } = liveToken('Ada');
    expect(await authorize(token)).toEqual({
      principalId: 'Ada',
      policyDocument: allow,
      context: { name: 'Ada', kind: 'guest', sessionId, expiresAt },
    });
  });

  it("allows an account's access token: its username, kind account, its sign-in (origin_jti) and expiry", async () => {
    expect(await authorize(ACCESS_TOKEN)).toEqual({
      principalId: 'grace',
      policyDocument: allow,
      context: { name: 'grace', kind: 'account', sessionId: 'origin-jti-1', expiresAt: ACCOUNT_EXPIRES_AT },
    });
    // One read of the revoked sign-ins, none of the guests' holds.
    expect(revoked.calls).toEqual(['isRevoked origin-jti-1']);
    expect(names.calls).toEqual([]);
  });

  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['a malformed token', 'garbage'],
    ['a token signed with another key', issueToken('another-key', 'Ada', Date.now()).token],
    ['an expired token', issueToken(TOKEN_KEY, 'Ada', Date.now() - 13 * 3600 * 1000).token],
    [
      'a valid token whose session holds no name (signed out)',
      issueToken(TOKEN_KEY, 'Ada', Date.now()).token,
    ],
    ['an access token the pool does not vouch for (forged, expired, foreign)', 'forged.jwt.token'],
  ])('throws exactly "Unauthorized" for %s', async (_label, token) => {
    // API Gateway answers 401 only for this exact message; any other error becomes a 500.
    const err = await authorize(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('Unauthorized');
  });

  it('refuses a token once its session has signed out (its hold released), and one whose name another now holds', async () => {
    const { token, sessionId } = liveToken('Ada');
    expect(await names.release(canonicalName('Ada'), sessionId)).toBe(true);
    await expect(authorize(token)).rejects.toThrow(/^Unauthorized$/);
    liveToken('ada');
    await expect(authorize(token)).rejects.toThrow(/^Unauthorized$/);
  });

  it("refuses an account's access token once its sign-in has signed out", async () => {
    await revoked.revoke('origin-jti-1', ACCOUNT_EXPIRES_AT + 30 * 86400);
    await expect(authorize(ACCESS_TOKEN)).rejects.toThrow(/^Unauthorized$/);
  });

  it('lets an infrastructure failure through as itself, not as Unauthorized', async () => {
    const failing = makeAuthorizerHandler({
      identityCheck: {
        ...identityCheck,
        guestKey: async () => {
          throw new Error('secrets manager down');
        },
      },
      clock: systemClock,
    });
    await expect(
      failing({ methodArn: METHOD_ARN, queryStringParameters: { token: 'whatever' } }),
    ).rejects.toThrow('secrets manager down');
    const tableDown = makeAuthorizerHandler({
      identityCheck: {
        ...identityCheck,
        holds: {
          heldBy: async () => {
            throw new Error('table down');
          },
        },
        revoked: {
          isRevoked: async () => {
            throw new Error('table down');
          },
        },
      },
      clock: systemClock,
    });
    await expect(
      tableDown({ methodArn: METHOD_ARN, queryStringParameters: { token: liveToken('Ada').token } }),
    ).rejects.toThrow('table down');
    await expect(
      tableDown({ methodArn: METHOD_ARN, queryStringParameters: { token: ACCESS_TOKEN } }),
    ).rejects.toThrow('table down');
    const keysDown = makeAuthorizerHandler({
      identityCheck: {
        ...identityCheck,
        accounts: {
          verify: async () => {
            throw new Error('JWKS unreachable');
          },
        },
      },
      clock: systemClock,
    });
    await expect(
      keysDown({ methodArn: METHOD_ARN, queryStringParameters: { token: ACCESS_TOKEN } }),
    ).rejects.toThrow('JWKS unreachable');
  });
});
