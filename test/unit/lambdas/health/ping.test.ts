import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../../lambdas/health/ping';

describe('GET /health', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('answers 200 JSON with status ok, the version and the time', async () => {
    vi.stubEnv('APP_VERSION', '1.2.3');
    const result = await handler();
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({ 'content-type': 'application/json' });
    const body = JSON.parse(result.body);
    expect(body).toEqual({ status: 'ok', version: '1.2.3', time: expect.any(String) });
    expect(new Date(body.time).toISOString()).toBe(body.time);
  });

  it('reports version dev when APP_VERSION is not set', async () => {
    vi.stubEnv('APP_VERSION', undefined);
    expect(JSON.parse((await handler()).body).version).toBe('dev');
  });
});
