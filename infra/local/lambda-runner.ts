import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { functionBuildOptions } from '../bundling';
import type { FunctionSpec } from '../spec';
import { defaultEnvironment, functionArn, reservedEnvironment } from './lambda-environment';
import { fromRoot, repoRoot } from './paths';
import { FunctionError, type Invoke, InvokeError, type InvokeOptions } from './types';

/**
 * Runs each spec function the way Lambda does: from its own bundle (built by infra/bundling.ts, as CDK builds it),
 * in execution environments that are separate Node processes (infra/local/lambda-runtime.mjs) with only the
 * function's environment plus Lambda's reserved variables. Module scope runs once per cold start; one invocation
 * at a time per sandbox; a timed-out, crashed or failed-to-initialise sandbox is discarded, so the next invocation
 * starts afresh; payloads over Lambda's limits get Lambda's errors.
 */
export interface LambdaRunnerOptions {
  functions: readonly FunctionSpec[];
  /** Where the bundles are written (`<buildDir>/<function>/index.mjs`, the function's LAMBDA_TASK_ROOT). */
  buildDir: string;
  /** The function's own environment (bindings and config); Lambda's reserved variables are added on top. */
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
  /** How many sandboxes each function has now (cold starts grow it, timeouts and crashes shrink it). */
  sandboxes(functionName: string): number;
  close(): Promise<void>;
}

/** Lambda's payload quotas: 6 MB for a synchronous request or any response, 1 MB for an asynchronous request. */
export const payloadLimits = {
  syncRequest: 6_291_456,
  asyncRequest: 1_048_576,
  response: 6_291_556,
} as const;

interface Call {
  payload: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

type RuntimeMessage =
  | { type: 'started' }
  | { type: 'ready' }
  | { type: 'result'; requestId: string; payload: string }
  | { type: 'error' | 'initError'; requestId?: string; error: LambdaErrorPayload };

interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** One execution environment: a process serving one invocation at a time. */
interface Sandbox {
  process: ChildProcess;
  /** Settles when the module has loaded (the init phase), or fails with the init error. */
  ready: Promise<void>;
  /** Fails the init phase while it is still running (timeout, crash). */
  failInit?: (error: FunctionError) => void;
  /** Taken by an invocation (from the moment it is assigned, init included). */
  busy: boolean;
  /** Set while an invocation runs; settles it. */
  settle?: (outcome: { ok: true; payload: string } | { ok: false; error: FunctionError }) => void;
}

/** Lambda gives the init phase (loading the module) its own 10-second limit, apart from the function's timeout. */
export const initTimeoutMs = 10_000;

const runtimeFile = fromRoot('infra/local/lambda-runtime.mjs');

export async function startLambdaRunner(options: LambdaRunnerOptions): Promise<LambdaRunner> {
  const taskRoots = await bundleFunctions(options.functions, options.buildDir);
  const maxConcurrency = options.maxConcurrency ?? 4;
  const pools = new Map<string, Sandbox[]>(options.functions.map((fn) => [fn.name, []]));
  const queues = new Map<string, Call[]>(options.functions.map((fn) => [fn.name, []]));
  const counts = new Map<string, number>();
  let closed = false;

  /** Removes a sandbox for good; what it was running fails with `error`. */
  const discard = (fn: FunctionSpec, sandbox: Sandbox, error: FunctionError) => {
    const pool = pools.get(fn.name) ?? [];
    const index = pool.indexOf(sandbox);
    if (index >= 0) pool.splice(index, 1);
    const settle = sandbox.settle;
    sandbox.settle = undefined;
    settle?.({ ok: false, error });
    sandbox.failInit?.(error);
    if (sandbox.process.exitCode === null && sandbox.process.signalCode === null)
      sandbox.process.kill('SIGKILL');
  };

  const startSandbox = (fn: FunctionSpec): Sandbox => {
    const taskRoot = taskRoots.get(fn.name) as string;
    const child = fork(runtimeFile, [], {
      cwd: taskRoot,
      // Only the function's environment: nothing of the host's leaks in (TZ included), as on Lambda.
      env: { ...defaultEnvironment(), ...options.environment(fn), ...reservedEnvironment(fn, taskRoot) },
      // Not the host's execArgv (a test runner's or tsx's loaders): Lambda's runtime starts a plain node, with a
      // heap sized to the function's memory as its bootstrap does.
      execArgv: [`--max-old-space-size=${Math.floor(fn.memoryMb * 0.9)}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let initialised: () => void = () => undefined;
    const sandbox = { process: child, busy: false } as Sandbox;
    sandbox.ready = new Promise<void>((resolve, reject) => {
      const initTimer = setTimeout(() => {
        const seconds = (initTimeoutMs / 1000).toFixed(2);
        discard(
          fn,
          sandbox,
          new FunctionError('Sandbox.Timedout', `INIT timed out after ${seconds} seconds`),
        );
      }, initTimeoutMs);
      sandbox.failInit = (error) => {
        clearTimeout(initTimer);
        sandbox.failInit = undefined;
        reject(error);
      };
      initialised = () => {
        clearTimeout(initTimer);
        sandbox.failInit = undefined;
        resolve();
      };
    });
    // Nobody may be waiting yet (a prewarmed sandbox); its init error is reported to the invocations that are.
    sandbox.ready.catch(() => undefined);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => options.log?.(fn.name, line));
    }
    child.on('message', (message: RuntimeMessage) => {
      if (message.type === 'started') return;
      if (message.type === 'ready') return initialised();
      if (message.type === 'initError') {
        // Lambda resets an environment whose init failed: the next invocation initialises afresh.
        discard(fn, sandbox, functionError(message.error));
        return next(fn);
      }
      const settle = sandbox.settle;
      sandbox.settle = undefined;
      if (message.type === 'result') settle?.({ ok: true, payload: message.payload });
      else settle?.({ ok: false, error: functionError(message.error) });
    });
    // A process that could not start emits `error` and never `exit`: it is finished either way.
    child.on('error', (err) => {
      discard(fn, sandbox, new FunctionError('Runtime.Unknown', err.message));
      child.emit('exit', null, null);
    });
    child.once('exit', (code, signal) => {
      const status = signal ? `signal: ${signal}` : `exit status ${code}`;
      discard(fn, sandbox, new FunctionError('Runtime.ExitError', `Runtime exited with error: ${status}`));
      next(fn);
    });
    pools.get(fn.name)?.push(sandbox);
    child.send({ type: 'init' });
    return sandbox;
  };

  /** Takes the sandbox for the call; the invocation (and its timeout) starts once the init phase is over. */
  const run = (fn: FunctionSpec, sandbox: Sandbox, call: Call) => {
    sandbox.busy = true;
    sandbox.ready.then(
      () => dispatch(fn, sandbox, call),
      (error: FunctionError) => {
        call.reject(error);
        next(fn);
      },
    );
  };

  const dispatch = (fn: FunctionSpec, sandbox: Sandbox, call: Call) => {
    if (!pools.get(fn.name)?.includes(sandbox)) {
      // Discarded between its init and this call (the cloud is stopping): fail the call as the stop does.
      call.reject(new FunctionError('Runtime.Unknown', 'The local cloud is stopping'));
      return;
    }
    const requestId = randomUUID();
    const timeoutMs = fn.timeoutSeconds * 1000;
    const timer = setTimeout(() => {
      // Like Lambda: the timed-out environment is discarded; a later invocation gets a cold one.
      discard(
        fn,
        sandbox,
        new FunctionError(
          'Sandbox.Timedout',
          `RequestId: ${requestId} Error: Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds`,
        ),
      );
      next(fn);
    }, timeoutMs);
    sandbox.settle = (outcome) => {
      clearTimeout(timer);
      sandbox.busy = false;
      if (!outcome.ok) call.reject(outcome.error);
      else if (Buffer.byteLength(outcome.payload) > payloadLimits.response) {
        call.reject(
          new FunctionError(
            'Function.ResponseSizeTooLarge',
            `Response payload size exceeded maximum allowed payload size (${payloadLimits.response} bytes).`,
          ),
        );
      } else call.resolve(JSON.parse(outcome.payload));
      next(fn);
    };
    sandbox.process.send({
      type: 'invoke',
      requestId,
      deadline: Date.now() + timeoutMs,
      invokedFunctionArn: functionArn(fn.name),
      payload: call.payload,
    });
  };

  /** Gives the oldest waiting invocation an idle sandbox, or a new one while the function may scale out. */
  const next = (fn: FunctionSpec) => {
    const queue = queues.get(fn.name) ?? [];
    const pool = pools.get(fn.name) ?? [];
    while (queue.length > 0 && !closed) {
      const sandbox =
        pool.find((s) => !s.busy) ?? (pool.length < maxConcurrency ? startSandbox(fn) : undefined);
      if (!sandbox) return;
      run(fn, sandbox, queue.shift() as Call);
    }
  };

  const invoke: Invoke = (functionName, event, invokeOptions?: InvokeOptions) => {
    const fn = options.functions.find((f) => f.name === functionName);
    if (!fn) {
      return Promise.reject(
        new InvokeError('ResourceNotFoundException', `Function not found: ${functionArn(functionName)}`, 404),
      );
    }
    if (closed)
      return Promise.reject(new InvokeError('ServiceException', 'The local cloud is stopping', 500));
    const payload = JSON.stringify(event ?? null);
    const limit =
      invokeOptions?.invocationType === 'Event' ? payloadLimits.asyncRequest : payloadLimits.syncRequest;
    const size = Buffer.byteLength(payload);
    if (size > limit) {
      return Promise.reject(
        new InvokeError(
          'RequestEntityTooLargeException',
          // Lambda's own wording for each invocation type (as its API answers, seen in captured errors).
          invokeOptions?.invocationType === 'Event'
            ? `${size} byte payload is too large for the Event invocation type (limit ${limit} bytes)`
            : `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
          413,
        ),
      );
    }
    counts.set(functionName, (counts.get(functionName) ?? 0) + 1);
    return new Promise((resolve, reject) => {
      queues.get(functionName)?.push({ payload, resolve, reject });
      next(fn);
    });
  };

  if (options.prewarm) {
    // Load every module up front; a module that fails to load is discarded, and its first invocation starts
    // (and fails) afresh, as on Lambda.
    await Promise.all(
      options.functions.map((fn) =>
        startSandbox(fn).ready.then(
          () => next(fn),
          () => next(fn),
        ),
      ),
    );
  }

  return {
    invoke,
    invocations: (name) => counts.get(name) ?? 0,
    sandboxes: (name) => pools.get(name)?.length ?? 0,
    async close() {
      closed = true;
      const stopping = new FunctionError('Runtime.Unknown', 'The local cloud is stopping');
      const exits: Promise<unknown>[] = [];
      for (const fn of options.functions) {
        for (const call of queues.get(fn.name)?.splice(0) ?? []) call.reject(stopping);
        for (const sandbox of [...(pools.get(fn.name) ?? [])]) {
          if (sandbox.process.exitCode === null && sandbox.process.signalCode === null) {
            exits.push(new Promise((resolve) => sandbox.process.once('exit', resolve)));
          }
          discard(fn, sandbox, stopping);
        }
      }
      await Promise.all(exits);
    },
  };
}

function functionError(error: LambdaErrorPayload): FunctionError {
  return new FunctionError(error.errorType, error.errorMessage, error.trace);
}

/**
 * Bundles every function with the project's one bundling definition, each into its own task root. The runtime
 * provides `@aws-sdk/*` on Lambda; locally the task roots sit beside a `node_modules` link to the project's, so
 * the external SDK resolves the same way.
 */
async function bundleFunctions(
  functions: readonly FunctionSpec[],
  buildDir: string,
): Promise<Map<string, string>> {
  await mkdir(buildDir, { recursive: true });
  await symlink(join(repoRoot, 'node_modules'), join(buildDir, 'node_modules'), 'dir').catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    },
  );
  const roots = new Map(functions.map((fn) => [fn.name, join(buildDir, fn.name)]));
  await Promise.all(
    functions.map((fn) => build(functionBuildOptions(fn.entry, roots.get(fn.name) as string, repoRoot))),
  );
  return roots;
}
