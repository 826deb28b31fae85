import { spawn } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { functionBuildOptions, functionBundling } from '../infra/bundling';
import { repoRoot } from '../infra/local/paths';
import { envVarNames, type FunctionSpec, functions } from '../infra/spec';
import { coldStartEvents } from './cold-start-events';
import { median, ratio, round } from './stats';

/**
 * Lambda bundles exactly as the CDK app and the local runner build them (infra/bundling.ts): esbuild, bundled,
 * minified, ESM with the createRequire banner, target from the runtime, `@aws-sdk/*` external because the runtime
 * ships SDK v3. The source map goes in a separate .map file and is not counted. Also built with the SDK bundled in.
 *
 * Cold start: a fresh `node` process that imports the bundle and serves one invocation (cold-start-events.ts),
 * against the same for an empty handler. The external SDK is then loaded from node_modules, as the runtime
 * loads its own copy.
 */
export interface BundleRow {
  function: string;
  /** Bytes of the minified bundle, SDK external (what is deployed). */
  bytesSdkExternal: number;
  /** The same, gzipped (close to the deployment zip). */
  gzipBytesSdkExternal: number;
  /** Bytes with the SDK bundled in. */
  bytesSdkBundled: number;
  coldStart: ColdStart;
  coldStartSdkBundled: ColdStart;
  /** Median process wall time over the empty handler's. */
  ratioToEmpty: number;
  event: string;
  outcome: string;
}

export interface ColdStart {
  /** Medians over the runs, in ms. */
  processMs: number;
  importMs: number;
  firstInvokeMs: number;
}

export interface BundlesResult {
  rows: BundleRow[];
  empty: ColdStart;
  runs: number;
}

export async function benchBundles(runs: number, progress: (line: string) => void): Promise<BundlesResult> {
  const outRoot = join(repoRoot, 'bench', 'results', 'bundles');
  progress('bundles: building');
  const external = await buildAll(functions, join(outRoot, 'sdk-external'), [
    ...functionBundling.externalModules,
  ]);
  const bundled = await buildAll(functions, join(outRoot, 'sdk-bundled'), []);
  const emptyFile = join(outRoot, 'empty.mjs');
  await writeFile(emptyFile, 'export const handler = async () => ({ statusCode: 200 });\n');

  progress(`bundles: cold starts (${runs} runs each)`);
  const empty = await coldStart(emptyFile, {}, {}, runs);
  const rows: BundleRow[] = [];
  for (const fn of functions) {
    const { event, what } = coldStartEvents[fn.name] ?? { event: {}, what: 'an empty event' };
    const env = dummyEnvironment(fn);
    // One function whose cold start fails (e.g. a variable this harness does not set) is reported, not fatal.
    const failed = (err: unknown) => ({
      figures: { processMs: Number.NaN, importMs: Number.NaN, firstInvokeMs: Number.NaN },
      outcome: `failed: ${String(err).split('\n')[0]}`,
    });
    const ext = await coldStart(external.get(fn.name) as string, env, event, runs).catch(failed);
    const all = await coldStart(bundled.get(fn.name) as string, env, event, runs).catch(failed);
    const code = await readFile(external.get(fn.name) as string);
    rows.push({
      function: fn.name,
      bytesSdkExternal: code.length,
      gzipBytesSdkExternal: gzipSync(code).length,
      bytesSdkBundled: (await stat(bundled.get(fn.name) as string)).size,
      coldStart: ext.figures,
      coldStartSdkBundled: all.figures,
      ratioToEmpty: ratio(ext.figures.processMs, empty.figures.processMs),
      event: what,
      outcome: ext.outcome,
    });
  }
  return { rows, empty: empty.figures, runs };
}

async function buildAll(
  fns: readonly FunctionSpec[],
  outdir: string,
  external: string[],
): Promise<Map<string, string>> {
  await mkdir(outdir, { recursive: true });
  await Promise.all(
    fns.map((fn) => build({ ...functionBuildOptions(fn.entry, join(outdir, fn.name), repoRoot), external })),
  );
  return new Map(fns.map((fn) => [fn.name, join(outdir, fn.name, functionBundling.fileName)]));
}

/** Every env var the function's bindings give it, with a dummy value; every AWS endpoint a closed local port. */
function dummyEnvironment(fn: FunctionSpec): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of envVarNames(fn))
    env[name] = name.endsWith('_ARN') ? 'arn:aws:bench:us-east-1:000000000000:bench' : 'bench';
  return {
    ...env,
    WEBSOCKET_CALLBACK_URL: 'http://127.0.0.1:9/live',
    HTTP_API_URL: 'http://127.0.0.1:9',
    // aws-jwt-verify checks the pool id's form when the module loads.
    ...(env.USER_POOL_ID ? { USER_POOL_ID: 'us-east-1_BENCH' } : {}),
    ...fn.config,
    // As deployed (source-mapped stack traces): Node then reads each bundle's map when it loads the module.
    NODE_OPTIONS: functionBundling.nodeOptions,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
  };
}

// Runs in the child: performance.now() counts from the process's start, so the first mark is Node's own boot.
const child = `
const booted = performance.now();
const mod = await import(process.env.BENCH_BUNDLE);
const imported = performance.now();
let outcome;
try {
  const result = await mod.handler(JSON.parse(process.env.BENCH_EVENT), { functionName: 'bench', getRemainingTimeInMillis: () => 3000 });
  outcome = result && typeof result === 'object' && 'statusCode' in result ? 'status ' + result.statusCode : result === null ? 'null' : typeof result;
} catch (err) {
  outcome = 'threw ' + ((err && err.message) || err);
}
const invoked = performance.now();
process.stdout.write(JSON.stringify({ importMs: imported - booted, firstInvokeMs: invoked - imported, outcome }));
process.exit(0);
`;

async function coldStart(
  file: string,
  env: Record<string, string>,
  event: unknown,
  runs: number,
): Promise<{ figures: ColdStart; outcome: string }> {
  const samples: Array<{ processMs: number; importMs: number; firstInvokeMs: number; outcome: string }> = [];
  for (let i = 0; i < runs; i++) samples.push(await once(file, env, event));
  return {
    figures: {
      processMs: round(median(samples.map((s) => s.processMs)), 1),
      importMs: round(median(samples.map((s) => s.importMs)), 1),
      firstInvokeMs: round(median(samples.map((s) => s.firstInvokeMs)), 1),
    },
    outcome: samples[0]?.outcome ?? '',
  };
}

function once(file: string, env: Record<string, string>, event: unknown) {
  const started = performance.now();
  const proc = spawn(process.execPath, ['--input-type=module', '-e', child], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      TZ: 'UTC',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'BENCH',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
      NODE_NO_WARNINGS: '1',
      ...env,
      BENCH_BUNDLE: file,
      BENCH_EVENT: JSON.stringify(event),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (chunk) => {
    out += chunk;
  });
  proc.stderr.on('data', (chunk) => {
    err += chunk;
  });
  return new Promise<{ processMs: number; importMs: number; firstInvokeMs: number; outcome: string }>(
    (resolve, reject) => {
      proc.once('error', reject);
      proc.once('close', (code) => {
        const processMs = performance.now() - started;
        try {
          resolve({ processMs, ...JSON.parse(out) });
        } catch {
          // The error's own line (a minified bundle prints its source line first), e.g. a missing variable.
          const reason = err.split('\n').find((line) => /^\S.*Error\b.*: /.test(line)) ?? `exit ${code}`;
          reject(new Error(`cold start of ${file} failed: ${reason}`));
        }
      });
    },
  );
}
