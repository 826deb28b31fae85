import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { FunctionSpec } from '../spec';
import { repoRoot } from './paths';
import type { Invoke } from './types';

/**
 * Runs each spec function the way Lambda does, from its own esbuild bundle (the same settings CDK uses) in
 * its own worker thread with its own `process.env`: module scope runs once per "cold start", configuration
 * is only what the function's bindings give it, and a handler that overruns its timeout is killed.
 */
export interface LambdaRunnerOptions {
  functions: readonly FunctionSpec[];
  /** Where the bundles are written. */
  buildDir: string;
  /** The complete environment of one function. */
  environment: (fn: FunctionSpec) => Record<string, string>;
  /** Receives each line a function logs; default: dropped. */
  log?: (functionName: string, line: string) => void;
  /**
   * Start one sandbox per function and load its module up front (like provisioned concurrency), so the
   * first request does not pay eighteen cold starts at once.
   */
  prewarm?: boolean;
  /**
   * How many sandboxes one function may run at once (Lambda scales out far further; two cores do not).
   * Invocations beyond it wait for a sandbox to come free. Default 4.
   */
  maxConcurrency?: number;
}

export interface LambdaRunner {
  invoke: Invoke;
  /** How many times each function was invoked (for tests and benchmarks). */
  invocations(functionName: string): number;
  /** How many sandboxes each function has now (cold starts grow it, timeouts shrink it). */
  sandboxes(functionName: string): number;
  close(): Promise<void>;
}

interface Call {
  event: unknown;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** One sandbox: a worker thread serving one invocation at a time, as a Lambda execution environment does. */
interface Sandbox {
  worker: Worker;
  busy: boolean;
  /** Settles the invocation in progress (or the warm-up). */
  settle?: (msg: WorkerReply) => void;
}

interface WorkerReply {
  ok: boolean;
  warm?: boolean;
  result?: string;
  error?: { name: string; message: string };
}

// Runs inside the worker: loads the bundle once, then serves invocations. Results are JSON round-tripped
// because Lambda serializes them (undefined becomes null, Dates become strings).
const bootstrap = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
let loaded;
parentPort.on('message', async ({ event, context, warm }) => {
  if (warm) {
    loaded ??= import(pathToFileURL(workerData.file).href);
    // A module that fails to load fails its invocations instead, as a Lambda init error does.
    loaded.then(() => parentPort.postMessage({ ok: true, warm: true }), () => parentPort.postMessage({ ok: true, warm: true }));
    return;
  }
  try {
    loaded ??= import(pathToFileURL(workerData.file).href);
    const mod = await loaded;
    const ctx = { ...context, getRemainingTimeInMillis: () => context.deadline - Date.now(), callbackWaitsForEmptyEventLoop: false };
    const result = await mod.handler(event, ctx);
    parentPort.postMessage({ ok: true, result: JSON.stringify(result === undefined ? null : result) });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: { name: (err && err.name) || 'Error', message: String((err && err.message) || err) } });
  }
});
`;

export async function startLambdaRunner(options: LambdaRunnerOptions): Promise<LambdaRunner> {
  await mkdir(options.buildDir, { recursive: true });
  const files = await bundleFunctions(options.functions, options.buildDir);
  const maxConcurrency = options.maxConcurrency ?? 4;
  const pools = new Map<string, Sandbox[]>(options.functions.map((fn) => [fn.name, []]));
  const queues = new Map<string, Call[]>(options.functions.map((fn) => [fn.name, []]));
  const counts = new Map<string, number>();
  let closed = false;

  const discard = (fn: FunctionSpec, sandbox: Sandbox, err: Error): Promise<number> => {
    const pool = pools.get(fn.name) ?? [];
    const index = pool.indexOf(sandbox);
    if (index >= 0) pool.splice(index, 1);
    const settle = sandbox.settle;
    sandbox.settle = undefined;
    settle?.({ ok: false, error: { name: err.name, message: err.message } });
    return sandbox.worker.terminate();
  };

  const startSandbox = (fn: FunctionSpec): Sandbox => {
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: { file: files.get(fn.name) },
      env: options.environment(fn),
      stdout: true,
      stderr: true,
    });
    const sandbox: Sandbox = { worker, busy: false };
    for (const stream of [worker.stdout, worker.stderr]) {
      createInterface({ input: stream }).on('line', (line) => options.log?.(fn.name, line));
    }
    worker.on('message', (msg: WorkerReply) => {
      const settle = sandbox.settle;
      sandbox.settle = undefined;
      settle?.(msg);
    });
    worker.on('error', (err) => void discard(fn, sandbox, err));
    worker.on('exit', () => void discard(fn, sandbox, new Error(`${fn.name} exited`)));
    pools.get(fn.name)?.push(sandbox);
    return sandbox;
  };

  const run = (fn: FunctionSpec, sandbox: Sandbox, call: Call) => {
    sandbox.busy = true;
    const timeoutMs = fn.timeoutSeconds * 1000;
    const timer = setTimeout(() => {
      // Like Lambda: the timed-out sandbox is discarded; a later invocation gets a cold one.
      void discard(
        fn,
        sandbox,
        Object.assign(new Error(`Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`), {
          name: 'TimeoutError',
        }),
      );
    }, timeoutMs);
    sandbox.settle = (msg) => {
      clearTimeout(timer);
      sandbox.busy = false;
      if (msg.ok) call.resolve(JSON.parse(msg.result ?? 'null'));
      else call.reject(Object.assign(new Error(msg.error?.message), { name: msg.error?.name ?? 'Error' }));
      next(fn);
    };
    sandbox.worker.postMessage({
      event: call.event,
      context: {
        functionName: fn.name,
        awsRequestId: crypto.randomUUID(),
        memoryLimitInMB: String(fn.memoryMb),
        deadline: Date.now() + timeoutMs,
      },
    });
  };

  /** Gives the oldest waiting invocation an idle sandbox, or a new one while the function may scale out. */
  const next = (fn: FunctionSpec) => {
    const queue = queues.get(fn.name) ?? [];
    const pool = pools.get(fn.name) ?? [];
    while (queue.length > 0 && !closed) {
      const sandbox =
        pool.find((s) => !s.busy && !s.settle) ??
        (pool.length < maxConcurrency ? startSandbox(fn) : undefined);
      if (!sandbox) return;
      run(fn, sandbox, queue.shift() as Call);
    }
  };

  const invoke: Invoke = (functionName, event) => {
    const fn = options.functions.find((f) => f.name === functionName);
    if (!fn) return Promise.reject(new Error(`ResourceNotFoundException: no function ${functionName}`));
    if (closed) return Promise.reject(new Error('The local cloud is stopping'));
    counts.set(functionName, (counts.get(functionName) ?? 0) + 1);
    return new Promise((resolve, reject) => {
      queues.get(functionName)?.push({ event, resolve, reject });
      next(fn);
    });
  };

  if (options.prewarm) {
    await Promise.all(
      options.functions.map(
        (fn) =>
          new Promise<void>((resolve) => {
            const sandbox = startSandbox(fn);
            // Busy while its module loads, so invocations wait for it rather than start another.
            sandbox.settle = () => {
              resolve();
              next(fn);
            };
            sandbox.worker.postMessage({ warm: true });
          }),
      ),
    );
  }

  return {
    invoke,
    invocations: (name) => counts.get(name) ?? 0,
    sandboxes: (name) => pools.get(name)?.length ?? 0,
    async close() {
      closed = true;
      const stopping = new Error('The local cloud is stopping');
      const terminating: Promise<number>[] = [];
      for (const fn of options.functions) {
        for (const call of queues.get(fn.name)?.splice(0) ?? []) call.reject(stopping);
        for (const sandbox of [...(pools.get(fn.name) ?? [])])
          terminating.push(discard(fn, sandbox, stopping));
      }
      await Promise.all(terminating);
    },
  };
}

/** One esbuild run for all functions: ESM for Node 20, with `require` available to CommonJS dependencies. */
async function bundleFunctions(
  functions: readonly FunctionSpec[],
  outdir: string,
): Promise<Map<string, string>> {
  await build({
    entryPoints: Object.fromEntries(functions.map((fn) => [fn.name, fn.entry])),
    outdir,
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'inline',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return new Map(functions.map((fn) => [fn.name, `${outdir}/${fn.name}.mjs`]));
}
