import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LambdaRunner, startLambdaRunner } from '../../../infra/local/lambda-runner';
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
    ],
    maxConcurrency: 3,
    buildDir: join(dir, 'build'),
    environment: (fn) => ({ SOME_VAR: `value-of-${fn.name}` }),
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
    await expect(runner.invoke('Sleeps', { sleepMs: 10_000 })).rejects.toMatchObject({
      message: 'Task timed out after 1.00 seconds',
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

  it('rejects an invocation of a function it does not know', async () => {
    await expect(runner.invoke('NoSuchFunction', {})).rejects.toThrow(/ResourceNotFoundException/);
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
