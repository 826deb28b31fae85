import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BotTable } from '../../../../lambdas/adapters/bot-table';
import { busFromEnv } from '../../../../lambdas/adapters/bus-from-env';
import { messageTtlSecondsFromEnv, systemClock } from '../../../../lambdas/adapters/from-env';
import { RoomTable } from '../../../../lambdas/adapters/room-table';
import { socketsFromEnv } from '../../../../lambdas/adapters/sockets-from-env';
import { tableFromEnv } from '../../../../lambdas/adapters/table-from-env';
import { tokenKeyFromEnv } from '../../../../lambdas/adapters/token-key-from-env';

const secrets = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:chatty-token-key';

/** The variables the builders read, as a function's bindings and config set them. */
function stubBindings(): void {
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    TABLE_NAME: 'chatty-unit',
    EVENT_BUS_NAME: 'chatty',
    WEBSOCKET_CALLBACK_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com/live',
    TOKEN_SECRET_ARN: SECRET_ARN,
    MESSAGE_TTL_HOURS: '48',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

describe('from-env', () => {
  beforeEach(() => {
    stubBindings();
    secrets.reset();
  });
  afterEach(() => vi.unstubAllEnvs());

  it('builds only the table views asked for, on TABLE_NAME', () => {
    const views = tableFromEnv('rooms', 'bot', 'access');
    expect(Object.keys(views).sort()).toEqual(['access', 'bot', 'rooms']);
    expect(views.rooms).toBeInstanceOf(RoomTable);
    expect(views.bot).toBeInstanceOf(BotTable);
    expect(views.access.tableName).toBe('chatty-unit');
  });

  it.each([
    ['TABLE_NAME', () => tableFromEnv('rooms')],
    ['WEBSOCKET_CALLBACK_URL', () => socketsFromEnv()],
    ['EVENT_BUS_NAME', () => busFromEnv()],
    ['TOKEN_SECRET_ARN', () => tokenKeyFromEnv()],
    ['MESSAGE_TTL_HOURS', () => messageTtlSecondsFromEnv()],
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

  it('turns MESSAGE_TTL_HOURS into seconds', () => {
    expect(messageTtlSecondsFromEnv()).toBe(48 * 3600);
    vi.stubEnv('MESSAGE_TTL_HOURS', '1');
    expect(messageTtlSecondsFromEnv()).toBe(3600);
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
