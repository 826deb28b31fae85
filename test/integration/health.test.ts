import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { freePort } from '../../infra/local/free-port';
import { api, startTestCloud } from './harness';

describe('the deep healthcheck when dependencies are unreachable', () => {
  let cloud: LocalCloud;

  beforeAll(async () => {
    // Nothing listens on these ports: every function's DynamoDB and EventBridge calls fail to connect.
    const dead = `http://127.0.0.1:${await freePort()}`;
    cloud = await startTestCloud({
      environment: { AWS_ENDPOINT_URL_DYNAMODB: dead, AWS_ENDPOINT_URL_EVENTBRIDGE: dead },
    });
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  it('answers 503 naming the table and the bus, while the cheap ping stays 200', async () => {
    const deep = await api<{ status: string; checks: Record<string, { ok: boolean; error?: string }> }>(
      cloud,
      'GET',
      '/health/deep',
    );
    expect(deep.status).toBe(503);
    expect(deep.body.status).toBe('failing');
    expect(deep.body.checks.table?.ok).toBe(false);
    expect(deep.body.checks.bus?.ok).toBe(false);
    expect(deep.body.checks.sockets?.ok).toBe(true);
    expect(JSON.stringify(deep.body)).not.toMatch(/127\.0\.0\.1|arn:aws|secret/i);
    expect((await api(cloud, 'GET', '/health')).status).toBe(200);
  });
});
