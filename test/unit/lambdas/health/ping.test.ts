import { describe, expect, it } from 'vitest';
import { makeHealthPingHandler } from '../../../../lambdas/health/ping.handler';
import { FakeClock, T0 } from '../core/fakes';

describe('GET /health', () => {
  it('answers 200 JSON with status ok, the version and the time', async () => {
    const handler = makeHealthPingHandler({ version: '1.2.3', clock: new FakeClock() });
    const result = await handler();
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(result.body)).toEqual({
      status: 'ok',
      version: '1.2.3',
      time: new Date(T0).toISOString(),
    });
  });
});
