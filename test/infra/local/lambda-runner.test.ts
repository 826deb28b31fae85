import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LambdaRunner, payloadLimits, startLambdaRunner } from '../../../infra/local/lambda-runner';
import { FunctionError, InvokeError, localCredentials } from '../../../infra/local/types';
import type { FunctionSpec } from '../../../infra/spec';

/** Tiny handler modules, written to a temp dir and bundled by the runner like the real ones. */
const handlers: Record<string, string> = {
  'echo.mjs': `
    let coldStarts = 0;
    coldStarts++;
    let calls = 0;
    export const handler = async (event, context) => {
      calls++;
      if (event.log) console.log(event.log);
      return {
        event,
        someVar: process.env.SOME_VAR ?? null,
        home: process.env.HOME ?? null,
        calls,
        coldStarts,
        functionName: context.functionName,
        memory: context.memoryLimitInMB,
        remainingPositive: context.getRemainingTimeInMillis() > 0,
        when: new Date(0),
        nothing: undefined,
      };
    };`,
  'nothing.mjs': 'export const handler = async () => undefined;',
  'throws.mjs': `
    class WeatherDown extends Error { name = 'WeatherDown'; }
    export const handler = async () => { throw new WeatherDown('the weather service is down'); };`,
  'sleeps.mjs': `
    let calls = 0;
    export const handler = async (event) => {
      calls++;
      if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
      return { calls };
    };`,
  'overlap.mjs': `
    // Counts invocations running at once in this sandbox: Lambda never runs two in one environment.
    let running = 0;
    let most = 0;
    const sandbox = Math.random();
    export const handler = async (event) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, event.holdMs));
      running--;
      return { most, sandbox };
    };`,
  'broken.mjs': `
    throw new Error('Missing required environment variable TABLE_NAME');
    export const handler = async () => 'never';`,
  'runtime.mjs': `
    const names = ['TZ', 'LANG', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
      'LAMBDA_TASK_ROOT', '_HANDLER', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'NODE_OPTIONS'];
    export const handler = async (event, context) => ({
      env: Object.fromEntries(names.map((n) => [n, process.env[n] ?? null])),
      julyOffset: new Date(2026, 6, 1).getTimezoneOffset(),
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      noon: new Date(Date.UTC(2026, 0, 1, 12)).getHours(),
      context: {
        functionName: context.functionName,
        functionVersion: context.functionVersion,
        invokedFunctionArn: context.invokedFunctionArn,
        memoryLimitInMB: context.memoryLimitInMB,
        awsRequestId: context.awsRequestId,
        logGroupName: context.logGroupName,
        logStreamName: context.logStreamName,
        remaining: context.getRemainingTimeInMillis(),
      },
      stack: new Error('where am I').stack,
    });`,
  'flaky-init.mjs': `
    import { existsSync } from 'node:fs';
    if (existsSync(process.env.FAIL_MARKER)) throw new Error('init failed while the marker exists');
    let calls = 0;
    export const handler = async () => ({ calls: ++calls });`,
  'callback.mjs': `
    export const handler = (event, context, callback) => callback(null, 'the old style');`,
  'sized.mjs': `
    export const handler = async (event) => 'x'.repeat(event.bytes ?? 0);`,
  'slow-init.mjs': `
    await new Promise((resolve) => setTimeout(resolve, 1500));
    export const handler = async (event, context) => ({ remaining: context.getRemainingTimeInMillis() });`,
  'exits.mjs': `
    let calls = 0;
    export const handler = async (event) => {
      calls++;
      if (event.exit) process.exit(3);
      return { calls };
    };`,
};

let dir: string;
const spec = (name: string, file: string, timeoutSeconds = 5): FunctionSpec => ({
  name,
  entry: join(dir, file),
  bindings: [],
  memoryMb: 128,
  timeoutSeconds,
});

let runner: LambdaRunner;
const logs: [string, string][] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lambda-runner-'));
  for (const [file, source] of Object.entries(handlers)) await writeFile(join(dir, file), source);
  runner = await startLambdaRunner({
    functions: [
      spec('EchoA', 'echo.mjs'),
      spec('EchoB', 'echo.mjs'),
      spec('Nothing', 'nothing.mjs'),
      spec('Throws', 'throws.mjs'),
      spec('Sleeps', 'sleeps.mjs', 1),
      spec('Broken', 'broken.mjs'),
      spec('Overlap', 'overlap.mjs'),
      spec('Runtime', 'runtime.mjs', 7),
      spec('FlakyInit', 'flaky-init.mjs'),
      spec('Callback', 'callback.mjs'),
      spec('Sized', 'sized.mjs'),
      spec('Exits', 'exits.mjs'),
      spec('SlowInit', 'slow-init.mjs', 1),
    ],
    maxConcurrency: 3,
    buildDir: join(dir, 'build'),
    environment: (fn) => ({ SOME_VAR: `value-of-${fn.name}`, FAIL_MARKER: join(dir, 'fail-marker') }),
    log: (name, line) => logs.push([name, line]),
  });
});

afterAll(async () => {
  await runner?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the local Lambda runner', () => {
  it('invokes a handler with the event and a Lambda-like context, and returns its JSON-round-tripped result', async () => {
    const result = await runner.invoke('EchoA', { hello: 'world', n: 1 });
    expect(result).toMatchObject({
      event: { hello: 'world', n: 1 },
      functionName: 'EchoA',
      memory: '128',
      remainingPositive: true,
      when: '1970-01-01T00:00:00.000Z',
    });
    expect(result).not.toHaveProperty('nothing');
  });

  it('returns null for a handler that returns nothing', async () => {
    expect(await runner.invoke('Nothing', {})).toBeNull();
  });

  it('gives each function only its own environment', async () => {
    const a = (await runner.invoke('EchoA', {})) as { someVar: string; home: string | null };
    const b = (await runner.invoke('EchoB', {})) as { someVar: string; home: string | null };
    expect(a.someVar).toBe('value-of-EchoA');
    expect(b.someVar).toBe('value-of-EchoB');
    // Nothing of the parent process leaks in.
    expect(a.home).toBeNull();
  });

  it('keeps module scope warm between invocations, as a reused sandbox does', async () => {
    const first = (await runner.invoke('EchoB', {})) as { calls: number; coldStarts: number };
    const second = (await runner.invoke('EchoB', {})) as { calls: number; coldStarts: number };
    expect(second.calls).toBe(first.calls + 1);
    expect(second.coldStarts).toBe(1);
  });

  it('rejects with the name and message of the error a handler throws', async () => {
    await expect(runner.invoke('Throws', {})).rejects.toMatchObject({
      name: 'WeatherDown',
      message: 'the weather service is down',
    });
  });

  it('fails every invocation of a module whose initialization throws, like a Lambda init error', async () => {
    await expect(runner.invoke('Broken', {})).rejects.toThrow(
      /Missing required environment variable TABLE_NAME/,
    );
    await expect(runner.invoke('Broken', {})).rejects.toThrow(/TABLE_NAME/);
  });

  it('times out an invocation past its timeout, and the next one gets a fresh sandbox', async () => {
    expect(await runner.invoke('Sleeps', {})).toEqual({ calls: 1 });
    const timedOut = await runner.invoke('Sleeps', { sleepMs: 10_000 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(FunctionError);
    expect(timedOut).toMatchObject({
      errorType: 'Sandbox.Timedout',
      message: expect.stringMatching(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/),
    });
    // Cold start: the module's state begins again.
    expect(await runner.invoke('Sleeps', {})).toEqual({ calls: 1 });
  });

  it('runs one invocation per sandbox, scales out to its limit, and queues the rest', async () => {
    const results = (await Promise.all(
      Array.from({ length: 7 }, () => runner.invoke('Overlap', { holdMs: 150 })),
    )) as Array<{ most: number; sandbox: number }>;
    expect(results.every((r) => r.most === 1)).toBe(true);
    expect(new Set(results.map((r) => r.sandbox)).size).toBe(3);
    expect(runner.sandboxes('Overlap')).toBe(3);
  });

  it('passes each line a function logs to the log callback with the function name', async () => {
    await runner.invoke('EchoA', { log: 'a line from EchoA' });
    await expect.poll(() => logs).toContainEqual(['EchoA', 'a line from EchoA']);
  });

  it('counts invocations per function, failed ones included', async () => {
    const before = runner.invocations('Throws');
    await runner.invoke('Throws', {}).catch(() => undefined);
    expect(runner.invocations('Throws')).toBe(before + 1);
    expect(runner.invocations('NoSuchFunction')).toBe(0);
  });

  it('rejects an invocation of a function it does not know with the Invoke API error', async () => {
    const error = await runner.invoke('NoSuchFunction', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvokeError);
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      statusCode: 404,
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:NoSuchFunction',
    });
  });

  it("sets Lambda's reserved environment and temporary credentials, with only its own variables besides", async () => {
    const { env } = (await runner.invoke('Runtime', {})) as { env: Record<string, string> };
    expect(env).toEqual({
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: join(dir, 'build', 'Runtime'),
      _HANDLER: 'index.handler',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/Runtime',
      AWS_LAMBDA_LOG_STREAM_NAME: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_SESSION_TOKEN: localCredentials.sessionToken,
      AWS_REGION: 'us-east-1',
      NODE_OPTIONS: '--enable-source-maps',
    });
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
  });

  it('hands the handler the whole context object, with the time left before its timeout', async () => {
    const { context, env } = (await runner.invoke('Runtime', {})) as {
      context: Record<string, unknown>;
      env: Record<string, string>;
    };
    expect(context).toEqual({
      functionName: 'Runtime',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:Runtime',
      memoryLimitInMB: '128',
      awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      logGroupName: '/aws/lambda/Runtime',
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
      remaining: expect.any(Number),
    });
    expect(context.remaining).toBeGreaterThan(0);
    expect(context.remaining).toBeLessThanOrEqual(7000);
  });

  it('maps stack traces back to the sources (NODE_OPTIONS=--enable-source-maps, as deployed)', async () => {
    const { stack } = (await runner.invoke('Runtime', {})) as { stack: string };
    expect(stack).toContain('runtime.mjs');
    expect(stack).not.toContain('index.mjs');
  });

  it("does not count the module's init against the function timeout (Lambda's init phase has its own limit)", async () => {
    const { remaining } = (await runner.invoke('SlowInit', {})) as { remaining: number };
    expect(remaining).toBeGreaterThan(0);
  });

  it('reports the stack trace of an error, as Lambda does', async () => {
    const error = await runner.invoke('Throws', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FunctionError);
    expect((error as FunctionError).trace[0]).toBe('WeatherDown: the weather service is down');
    expect((error as FunctionError).trace.join('\n')).toContain('throws.mjs');
  });

  it('initialises a function afresh after its module failed to load', async () => {
    await writeFile(join(dir, 'fail-marker'), 'x');
    await expect(runner.invoke('FlakyInit', {})).rejects.toThrow('init failed while the marker exists');
    await rm(join(dir, 'fail-marker'));
    expect(await runner.invoke('FlakyInit', {})).toEqual({ calls: 1 });
    expect(await runner.invoke('FlakyInit', {})).toEqual({ calls: 2 });
  });

  it('refuses a callback-style handler, which the Node.js 24 runtime no longer supports', async () => {
    await expect(runner.invoke('Callback', {})).rejects.toMatchObject({
      errorType: 'Runtime.CallbackHandlerDeprecated',
      message: expect.stringContaining(
        'removed support for callback-based function handlers starting with Node.js 24',
      ),
    });
  });

  it("answers payloads over Lambda's quotas with Lambda's errors", async () => {
    const bigEvent = { text: 'x'.repeat(payloadLimits.syncRequest) };
    await expect(runner.invoke('Sized', bigEvent)).rejects.toMatchObject({
      name: 'RequestEntityTooLargeException',
      statusCode: 413,
    });
    const asyncEvent = { text: 'x'.repeat(payloadLimits.asyncRequest) };
    await expect(runner.invoke('Sized', asyncEvent, { invocationType: 'Event' })).rejects.toMatchObject({
      name: 'RequestEntityTooLargeException',
      message: `${Buffer.byteLength(JSON.stringify(asyncEvent))} byte payload is too large for the Event invocation type (limit 1048576 bytes)`,
    });
    // Under the synchronous limit the same event is fine.
    expect(await runner.invoke('Sized', { ...asyncEvent, bytes: 3 })).toBe('xxx');
    await expect(runner.invoke('Sized', { bytes: payloadLimits.response })).rejects.toMatchObject({
      errorType: 'Function.ResponseSizeTooLarge',
      message: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
  });

  it('fails an invocation whose runtime exits, and starts the next one in a fresh sandbox', async () => {
    expect(await runner.invoke('Exits', {})).toEqual({ calls: 1 });
    await expect(runner.invoke('Exits', { exit: true })).rejects.toMatchObject({
      errorType: 'Runtime.ExitError',
      message: 'Runtime exited with error: exit status 3',
    });
    expect(await runner.invoke('Exits', {})).toEqual({ calls: 1 });
  });
});

describe('the local Lambda runner on a host in another time zone', () => {
  it('runs functions in UTC whatever the host says (TZ=:UTC, one process per sandbox)', async () => {
    const hostZone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    const local = await startLambdaRunner({
      functions: [spec('Runtime', 'runtime.mjs')],
      buildDir: join(dir, 'build-zone'),
      environment: () => ({}),
    });
    try {
      // The host really is elsewhere: July in New York is UTC-4.
      expect(new Date(2026, 6, 1).getTimezoneOffset()).toBe(240);
      expect(await local.invoke('Runtime', {})).toMatchObject({ julyOffset: 0, zone: 'UTC', noon: 12 });
    } finally {
      await local.close();
      if (hostZone === undefined) delete process.env.TZ;
      else process.env.TZ = hostZone;
    }
  });
});

describe('the local Lambda runner, prewarmed and closing', () => {
  it('loads every module up front, survives a module that fails to load, and rejects pending calls on close', async () => {
    const warm = await startLambdaRunner({
      functions: [spec('Sleeps', 'sleeps.mjs', 5), spec('Broken', 'broken.mjs')],
      buildDir: join(dir, 'build-warm'),
      environment: () => ({}),
      prewarm: true,
    });
    try {
      // Prewarming is not an invocation, and the warmed sandbox serves the first call.
      expect(warm.invocations('Sleeps')).toBe(0);
      expect(await warm.invoke('Sleeps', {})).toEqual({ calls: 1 });
      await expect(warm.invoke('Broken', {})).rejects.toThrow(/TABLE_NAME/);

      const pending = expect(warm.invoke('Sleeps', { sleepMs: 10_000 })).rejects.toThrow(
        'The local cloud is stopping',
      );
      await warm.close();
      await pending;
    } finally {
      await warm.close();
    }
  });
});

describe('the local Lambda runner when a sandbox cannot start', () => {
  it('fails the invocation with a runtime error and still closes', async () => {
    const runner = await startLambdaRunner({
      functions: [spec('Nothing', 'nothing.mjs')],
      buildDir: join(dir, 'build-unstartable'),
      environment: () => ({}),
    });
    // The task root is gone, so the sandbox's process cannot even be spawned there.
    await rm(join(dir, 'build-unstartable', 'Nothing'), { recursive: true });
    await expect(runner.invoke('Nothing', {})).rejects.toBeInstanceOf(FunctionError);
    expect(runner.sandboxes('Nothing')).toBe(0);
    await runner.close();
  });
});
