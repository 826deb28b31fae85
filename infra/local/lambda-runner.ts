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
   * Start every function's sandbox and load its module up front (like provisioned concurrency), so the
   * first request does not pay eighteen cold starts at once.
   */
  prewarm?: boolean;
}

export interface LambdaRunner {
  invoke: Invoke;
  /** How many times each function was invoked (for tests and benchmarks). */
  invocations(functionName: string): number;
  close(): Promise<void>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface Instance {
  worker: Worker;
  pending: Map<number, Pending>;
  warmed: () => void;
}

// Runs inside the worker: loads the bundle once, then serves invocations. Results are JSON round-tripped
// because Lambda serializes them (undefined becomes null, Dates become strings).
const bootstrap = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
let loaded;
parentPort.on('message', async ({ id, event, context, warm }) => {
  if (warm) {
    loaded ??= import(pathToFileURL(workerData.file).href);
    // A module that fails to load fails its invocations instead, as a Lambda init error does.
    loaded.then(() => parentPort.postMessage({ warm: true }), () => parentPort.postMessage({ warm: true }));
    return;
  }
  try {
    loaded ??= import(pathToFileURL(workerData.file).href);
    const mod = await loaded;
    const ctx = { ...context, getRemainingTimeInMillis: () => context.deadline - Date.now(), callbackWaitsForEmptyEventLoop: false };
    const result = await mod.handler(event, ctx);
    parentPort.postMessage({ id, ok: true, result: JSON.stringify(result === undefined ? null : result) });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: { name: (err && err.name) || 'Error', message: String((err && err.message) || err) } });
  }
});
`;

export async function startLambdaRunner(options: LambdaRunnerOptions): Promise<LambdaRunner> {
  await mkdir(options.buildDir, { recursive: true });
  const files = await bundleFunctions(options.functions, options.buildDir);
  const instances = new Map<string, Instance>();
  const counts = new Map<string, number>();
  let nextId = 0;

  const start = (fn: FunctionSpec): Instance => {
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: { file: files.get(fn.name) },
      env: options.environment(fn),
      stdout: true,
      stderr: true,
    });
    const instance: Instance = { worker, pending: new Map(), warmed: () => undefined };
    for (const stream of [worker.stdout, worker.stderr]) {
      createInterface({ input: stream }).on('line', (line) => options.log?.(fn.name, line));
    }
    worker.on(
      'message',
      (msg: {
        id: number;
        ok: boolean;
        warm?: boolean;
        result?: string;
        error?: { name: string; message: string };
      }) => {
        if (msg.warm) return instance.warmed();
        const call = instance.pending.get(msg.id);
        if (!call) return;
        instance.pending.delete(msg.id);
        clearTimeout(call.timer);
        if (msg.ok) call.resolve(JSON.parse(msg.result ?? 'null'));
        else call.reject(Object.assign(new Error(msg.error?.message), { name: msg.error?.name ?? 'Error' }));
      },
    );
    worker.on('error', (err) => fail(fn.name, instance, err));
    worker.on('exit', () => fail(fn.name, instance, new Error(`${fn.name} exited`)));
    instances.set(fn.name, instance);
    return instance;
  };

  const fail = (name: string, instance: Instance, err: Error) => {
    if (instances.get(name) === instance) instances.delete(name);
    for (const call of instance.pending.values()) {
      clearTimeout(call.timer);
      call.reject(err);
    }
    instance.pending.clear();
  };

  const invoke: Invoke = (functionName, event) => {
    const fn = options.functions.find((f) => f.name === functionName);
    if (!fn) return Promise.reject(new Error(`ResourceNotFoundException: no function ${functionName}`));
    counts.set(functionName, (counts.get(functionName) ?? 0) + 1);
    const instance = instances.get(functionName) ?? start(fn);
    const id = nextId++;
    const timeoutMs = fn.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // Like Lambda: the timed-out sandbox is discarded; the next invocation is a cold start.
        const err = Object.assign(new Error(`Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`), {
          name: 'TimeoutError',
        });
        fail(functionName, instance, err);
        void instance.worker.terminate();
      }, timeoutMs);
      instance.pending.set(id, { resolve, reject, timer });
      instance.worker.postMessage({
        id,
        event,
        context: {
          functionName,
          awsRequestId: crypto.randomUUID(),
          memoryLimitInMB: String(fn.memoryMb),
          deadline: Date.now() + timeoutMs,
        },
      });
    });
  };

  if (options.prewarm) {
    await Promise.all(
      options.functions.map((fn) => {
        const instance = start(fn);
        return new Promise<void>((resolve) => {
          instance.warmed = resolve;
          instance.worker.once('exit', () => resolve());
          instance.worker.postMessage({ warm: true });
        });
      }),
    );
  }

  return {
    invoke,
    invocations: (name) => counts.get(name) ?? 0,
    async close() {
      const all = [...instances.entries()];
      instances.clear();
      for (const [name, instance] of all) fail(name, instance, new Error('The local cloud is stopping'));
      await Promise.all(all.map(([, instance]) => instance.worker.terminate()));
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
