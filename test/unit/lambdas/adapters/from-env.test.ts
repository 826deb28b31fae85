import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  busFromEnv,
  messageTtlSecondsFromEnv,
  socketsFromEnv,
  systemClock,
  tableFromEnv,
  tokenKeyFromEnv,
} from '../../../../lambdas/adapters/from-env';
import { SECRET_ARN, stubHandlerEnv, TABLE } from '../handler-env';

const secrets = mockClient(SecretsManagerClient);

describe('from-env', () => {
  beforeEach(() => {
    stubHandlerEnv();
    secrets.reset();
  });
  afterEach(() => vi.unstubAllEnvs());

  it('builds the table adapters on TABLE_NAME', () => {
    const table = tableFromEnv();
    expect(table.tableName).toBe(TABLE);
    expect(Object.keys(table).sort()).toEqual([
      'connections',
      'doc',
      'messages',
      'rateLimiter',
      'rooms',
      'tableName',
    ]);
  });

  it.each([
    ['TABLE_NAME', () => tableFromEnv()],
    ['WEBSOCKET_CALLBACK_URL', () => socketsFromEnv()],
    ['EVENT_BUS_NAME', () => busFromEnv()],
    ['TOKEN_SECRET_ARN', () => tokenKeyFromEnv()],
  ])('fails fast, naming %s, when it is missing', (name, build) => {
    vi.stubEnv(name, undefined);
    expect(build).toThrow(new RegExp(`Missing required environment variable ${name}`));
  });

  it('points the @connections client at the callback URL with a single attempt', async () => {
    // Core's fan-out owns retries; SDK retries underneath would multiply them.
    const sender = socketsFromEnv() as unknown as { client: ApiGatewayManagementApiClient };
    const endpoint = await (
      sender.client.config.endpoint as () => Promise<{ hostname: string; path: string }>
    )();
    expect(endpoint).toMatchObject({ hostname: 'abc123.execute-api.us-east-1.amazonaws.com', path: '/live' });
    expect(await sender.client.config.maxAttempts()).toBe(1);
  });

  it('reads the token key from the secret named by TOKEN_SECRET_ARN', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: 'the-key' });
    expect(await tokenKeyFromEnv()()).toBe('the-key');
  });

  it('turns MESSAGE_TTL_HOURS into seconds, 48 hours by default', () => {
    expect(messageTtlSecondsFromEnv()).toBe(48 * 3600);
    vi.stubEnv('MESSAGE_TTL_HOURS', '1');
    expect(messageTtlSecondsFromEnv()).toBe(3600);
    vi.stubEnv('MESSAGE_TTL_HOURS', undefined);
    expect(messageTtlSecondsFromEnv()).toBe(48 * 3600);
  });

  it('refuses a MESSAGE_TTL_HOURS that is not a positive number', () => {
    vi.stubEnv('MESSAGE_TTL_HOURS', 'two days');
    expect(() => messageTtlSecondsFromEnv()).toThrow(/MESSAGE_TTL_HOURS/);
  });

  it('has a system clock in epoch milliseconds', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
