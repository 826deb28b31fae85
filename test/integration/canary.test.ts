import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HealthcheckError, runHealthcheck } from '../../infra/aws/canary/check.mjs';
import type { LocalCloud } from '../../infra/local/cloud';
import { startTestCloud } from './harness';

const check = (cloud: LocalCloud, log: string[]) =>
  runHealthcheck({
    httpApiUrl: cloud.httpApiUrl,
    webSocketUrl: cloud.webSocketUrl,
    WebSocket,
    fetch,
    log: (line) => log.push(line),
  });

describe('the canary check against a healthy local cloud', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud?.stop());

  it('passes every step, from sign-in through Pyro’s answer to the deep health check', async () => {
    const log: string[] = [];
    const result = await check(cloud, log);
    expect(result.steps.map((s) => s.name)).toEqual([
      'sign-in',
      'room',
      'connect',
      'send',
      'bot-reply',
      'deep-health',
    ]);
    expect(result.name).toMatch(/^canary-/);
    expect(log).toHaveLength(6);
    expect(log.every((line) => line.startsWith('✓'))).toBe(true);
  }, 60_000);
});

describe('the canary check when Pyro cannot answer', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    // HTTP_API_URL is only the bot's reply path (its `botApi` binding): the chat works, Pyro's replies go nowhere.
    cloud = await startTestCloud({ environment: { HTTP_API_URL: 'http://127.0.0.1:9' } });
  });
  afterAll(() => cloud?.stop());

  it('fails naming the bot-reply step, after the steps before it passed', async () => {
    const log: string[] = [];
    const failure = await check(cloud, log).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(HealthcheckError);
    const error = failure as HealthcheckError;
    expect(error.step).toBe('bot-reply');
    expect(error.message).toMatch(/^canary step "bot-reply" failed: no reply from Pyro within 10000 ms/);
    expect(error.steps.map((s) => s.name)).toEqual(['sign-in', 'room', 'connect', 'send']);
    expect(log.at(-1)).toMatch(/^✗ bot-reply failed/);
  }, 60_000);
});
