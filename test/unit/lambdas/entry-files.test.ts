import { afterEach, describe, expect, it, vi } from 'vitest';
import { bindingEnv, envVarNames, type FunctionSpec, functions } from '../../../infra/spec';
import './handler-env';

/**
 * Each function's entry file is its composition root: it reads its config and builds its adapters once, at
 * import (Lambda's init phase). These tests import each entry with the env the spec gives it, and with one
 * variable missing, as a cold start would.
 */
const sample: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  APP_VERSION: '1.0.0',
  POWERTOOLS_SERVICE_NAME: 'chatty-unit',
  NODE_OPTIONS: '--enable-source-maps',
  TABLE_NAME: 'chatty-unit',
  EVENT_BUS_NAME: 'chatty',
  WEBSOCKET_CALLBACK_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com/live',
  TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:chatty-token-key',
  HTTP_API_URL: 'https://api.example.com/',
  SCHEDULER_GROUP: 'chatty',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  EVENT_BUS_ARN: 'arn:aws:events:us-east-1:123456789012:event-bus/chatty',
  OMDB_API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:omdb',
  USER_POOL_ID: 'us-east-1_AbCdEf123',
  USER_POOL_CLIENT_ID: '1example23456789abcdefghij',
};

/** What a deployed function gets: its bindings' variables, and its config with the spec's defaults. */
function stubEnvOf(fn: FunctionSpec): void {
  for (const name of envVarNames(fn)) {
    const value = fn.config?.[name] ?? sample[name];
    if (value === undefined) throw new Error(`no sample value for ${name}`);
    vi.stubEnv(name, value);
  }
  // Lambda's reserved variable, which the SDK clients and the bot's request signer read.
  vi.stubEnv('AWS_REGION', sample.AWS_REGION);
}

async function importEntry(fn: FunctionSpec): Promise<Record<string, unknown>> {
  vi.resetModules();
  return import(`../../../${fn.entry}`);
}

/** What the entry reads itself: its bindings' and config's variables, and the version the healthchecks report. */
function readBy(fn: FunctionSpec): string[] {
  const names = fn.bindings.flatMap((b) => bindingEnv[b]);
  names.push(...Object.keys(fn.config ?? {}));
  if (fn.entry.startsWith('lambdas/health/')) names.push('APP_VERSION');
  return [...new Set(names)];
}

afterEach(() => vi.unstubAllEnvs());

describe.each(functions.map((fn) => [fn.name, fn] as const))('the %s entry file', (_name, fn) => {
  it('exports a handler built from the env its spec gives it', async () => {
    stubEnvOf(fn);
    expect(typeof (await importEntry(fn)).handler).toBe('function');
  });

  it('fails its cold start naming any variable it needs that is missing', async () => {
    const names = readBy(fn);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      stubEnvOf(fn);
      vi.stubEnv(name, undefined);
      await expect(importEntry(fn), name).rejects.toThrow(`Missing required environment variable ${name}`);
    }
  });
});
