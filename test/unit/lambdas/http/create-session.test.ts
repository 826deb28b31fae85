import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MINUTE_MS, perPeriod } from '../../../../lambdas/adapters/count-limit';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { GuestNameTable } from '../../../../lambdas/adapters/guest-name-table';
import { RateLimitTable } from '../../../../lambdas/adapters/rate-limit-table';
import { cachedSecret } from '../../../../lambdas/adapters/secrets';
import { verifyToken } from '../../../../lambdas/core/tokens';
import { makeCreateSessionHandler } from '../../../../lambdas/http/create-session.handler';
import { SECRET_ARN, TABLE, tableOnMockedClient } from '../adapters/mocked-clients';
import { bodyOf, httpEvent, TOKEN_KEY } from '../handler-env';

const secrets = mockClient(SecretsManagerClient);
const ddb = mockClient(DynamoDBDocumentClient);
const { access } = tableOnMockedClient('access');
const handler = makeCreateSessionHandler({
  tokenKey: cachedSecret(new SecretsManagerClient({ region: 'us-east-1' }), SECRET_ARN),
  signInsPerMinute: {
    limiter: new RateLimitTable(access.doc, TABLE, perPeriod(20, MINUTE_MS)),
    count: 20,
  },
  names: new GuestNameTable(access.doc, TABLE),
  clock: systemClock,
});

beforeEach(() => {
  ddb.reset();
  ddb.on(UpdateCommand).resolves({});
  ddb.on(PutCommand).resolves({});
});

const post = (body?: string, isBase64Encoded = false) =>
  handler(httpEvent('POST /sessions', { body, isBase64Encoded }));

// Tests run in order: the first one sees the secret fail, the rest read it (the key is cached once read).
describe('POST /sessions', () => {
  it('answers 500 without details when the token key cannot be read, then recovers', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('AccessDeniedException: not allowed on arn:aws:…'))
      .resolves({ SecretString: TOKEN_KEY });
    const failed = await post('{"name":"Ada"}');
    expect(failed.statusCode).toBe(500);
    expect(bodyOf(failed)).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(failed.body).not.toMatch(/AccessDenied|arn:|at /);

    expect((await post('{"name":"Ada"}')).statusCode).toBe(201);
  });

  it('answers 201 with a token for the trimmed name and its expiry as ISO-8601', async () => {
    const before = Date.now();
    const result = await post('{"name":"  Ada Lovelace "}');
    expect(result.statusCode).toBe(201);
    const body = bodyOf(result) as { token: string; name: string; expiresAt: string };
    expect(body.name).toBe('Ada Lovelace');
    expect(body.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    const session = verifyToken(TOKEN_KEY, body.token, before);
    expect(session.name).toBe('Ada Lovelace');
    expect(new Date(session.expiresAt * 1000).toISOString()).toBe(body.expiresAt);
    expect(Date.parse(body.expiresAt) - before).toBeGreaterThan(11 * 3600 * 1000);
  });

  it('counts the sign-in against the source address API Gateway saw', async () => {
    expect((await post('{"name":"Ada"}')).statusCode).toBe(201);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'RATE#signin#203.0.113.1', sk: 'RATE' },
    });
  });

  it('answers 429 rate_limited once the address has signed in too often this minute', async () => {
    ddb
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const result = await post('{"name":"Ada"}');
    expect(result.statusCode).toBe(429);
    expect(bodyOf(result)).toEqual({
      error: { code: 'rate_limited', message: expect.stringContaining('20 a minute') },
    });
  });

  it("holds the name's skeleton for the token's session, until the token expires", async () => {
    const result = await post('{"name":"A l1ce"}');
    expect(result.statusCode).toBe(201);
    const body = bodyOf(result) as { token: string };
    const session = verifyToken(TOKEN_KEY, body.token, Date.now());
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      TableName: TABLE,
      Item: {
        pk: 'NAME#allce',
        sk: 'NAME',
        kind: 'guest',
        name: 'A l1ce',
        sessionId: session.sessionId,
        expiresAt: session.expiresAt,
      },
    });
  });

  it('answers 409 name_taken when a live session holds the name or a look-alike, and issues no token', async () => {
    ddb
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const result = await post('{"name":"a1ice"}');
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      error: { code: 'name_taken', message: expect.stringContaining('"a1ice"') },
    });
  });

  it('answers 500 without details when the name cannot be claimed', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException: arn:aws:dynamodb:…'));
    const result = await post('{"name":"Ada"}');
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/Provisioned|arn:/);
  });

  it('reads a base64-encoded body', async () => {
    const result = await post(Buffer.from('{"name":"Bob"}').toString('base64'), true);
    expect(result.statusCode).toBe(201);
    expect(bodyOf(result).name).toBe('Bob');
  });

  it.each([undefined, '', 'name=Ada', '{"name":', '["Ada"]'])(
    'answers 400 invalid_json for the body %j',
    async (body) => {
      const result = await post(body);
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result)).toEqual({ error: { code: 'invalid_json', message: expect.any(String) } });
    },
  );

  it.each(['{}', '{"name":""}', '{"name":"Ada!"}', `{"name":"${'x'.repeat(33)}"}`, '{"name":7}'])(
    'answers 400 invalid_name for %s',
    async (body) => {
      const result = await post(body);
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result)).toMatchObject({ error: { code: 'invalid_name' } });
    },
  );

  it.each(['Pyro', 'pyro', ' PYRO ', 'Pyr0', 'P y r o'])(
    'answers 409 name_reserved for the bot name or a look-alike %j',
    async (name) => {
      const result = await post(JSON.stringify({ name }));
      expect(result.statusCode).toBe(409);
      expect(bodyOf(result)).toEqual({
        error: { code: 'name_reserved', message: expect.stringContaining('Pyro') },
      });
    },
  );
});
