import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { cachedSecret } from '../../../../lambdas/adapters/secrets';
import { issueToken } from '../../../../lambdas/core/tokens';
import { makeAuthorizerHandler } from '../../../../lambdas/ws/authorizer.handler';
import { SECRET_ARN } from '../adapters/mocked-clients';
import { TOKEN_KEY } from '../handler-env';

const secrets = mockClient(SecretsManagerClient);
const handler = makeAuthorizerHandler({
  tokenKey: cachedSecret(new SecretsManagerClient({ region: 'us-east-1' }), SECRET_ARN),
  clock: systemClock,
});

beforeEach(() => {
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
  it('allows a valid token and passes the name on as context', async () => {
    const { token } = issueToken(TOKEN_KEY, 'Ada', Date.now());
    expect(await authorize(token)).toEqual({
      principalId: 'Ada',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: METHOD_ARN }],
      },
      context: { name: 'Ada' },
    });
  });

  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['a malformed token', 'garbage'],
    ['a token signed with another key', issueToken('another-key', 'Ada', Date.now()).token],
    ['an expired token', issueToken(TOKEN_KEY, 'Ada', Date.now() - 13 * 3600 * 1000).token],
  ])('throws exactly "Unauthorized" for %s', async (_label, token) => {
    // API Gateway answers 401 only for this exact message; any other error becomes a 500.
    const err = await authorize(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('Unauthorized');
  });

  it('lets an infrastructure failure through as itself, not as Unauthorized', async () => {
    const failing = makeAuthorizerHandler({
      tokenKey: async () => {
        throw new Error('secrets manager down');
      },
      clock: systemClock,
    });
    await expect(
      failing({ methodArn: METHOD_ARN, queryStringParameters: { token: 'whatever' } }),
    ).rejects.toThrow('secrets manager down');
  });
});
