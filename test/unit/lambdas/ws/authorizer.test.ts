import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { cachedSecret } from '../../../../lambdas/adapters/secrets';
import { canonicalName } from '../../../../lambdas/contract/canonical-name';
import { issueToken } from '../../../../lambdas/core/tokens';
import { makeAuthorizerHandler } from '../../../../lambdas/ws/authorizer.handler';
import { SECRET_ARN } from '../adapters/mocked-clients';
import { MemoryGuestNameHolds } from '../core/name-fakes';
import { TOKEN_KEY } from '../handler-env';

const secrets = mockClient(SecretsManagerClient);
let names = new MemoryGuestNameHolds();
const handler = makeAuthorizerHandler({
  tokenKey: cachedSecret(new SecretsManagerClient({ region: 'us-east-1' }), SECRET_ARN),
  names: { heldBy: (...args) => names.heldBy(...args) },
  clock: systemClock,
});

/** A token whose session holds its name, as POST /sessions leaves it. */
function liveToken(name: string, nowMs = Date.now()): { token: string; sessionId: string } {
  const sessionId = `session-${name}`;
  const { token, expiresAt } = issueToken(TOKEN_KEY, name, nowMs, sessionId);
  names.holds.set(canonicalName(name), {
    canonical: canonicalName(name),
    name,
    sessionId,
    expiresAt,
    kind: 'guest',
  });
  return { token, sessionId };
}

beforeEach(() => {
  names = new MemoryGuestNameHolds();
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN_KEY });
});

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123/live/$connect';
const authorize = (token?: string) =>
  handler({
    methodArn: METHOD_ARN,
    queryStringParameters: token === undefined ? null : { token, roomId: 'lobby' },
  });

describe('WebSocket $connect authorizer', () => {
  it('allows a valid token of a live session and passes the name and session id on as context', async () => {
    const { token, sessionId } = liveToken('Ada');
    expect(await authorize(token)).toEqual({
      principalId: 'Ada',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: METHOD_ARN }],
      },
      context: { name: 'Ada', sessionId },
    });
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

  it('lets an infrastructure failure through as itself, not as Unauthorized', async () => {
    const failing = makeAuthorizerHandler({
      tokenKey: async () => {
        throw new Error('secrets manager down');
      },
      names,
      clock: systemClock,
    });
    await expect(
      failing({ methodArn: METHOD_ARN, queryStringParameters: { token: 'whatever' } }),
    ).rejects.toThrow('secrets manager down');
    const tableDown = makeAuthorizerHandler({
      tokenKey: async () => TOKEN_KEY,
      names: {
        heldBy: async () => {
          throw new Error('table down');
        },
      },
      clock: systemClock,
    });
    await expect(
      tableDown({ methodArn: METHOD_ARN, queryStringParameters: { token: liveToken('Ada').token } }),
    ).rejects.toThrow('table down');
  });
});
