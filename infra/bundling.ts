/**
 * How every function is bundled: the one definition the CDK app (infra/aws/constructs/chat-function.ts), the
 * local Lambda runner (infra/local/lambda-runner.ts) and the benchmark (bench/bundles.ts) all use, so what runs
 * locally is byte-for-byte the kind of bundle Lambda runs.
 *
 * Plain data plus one esbuild options builder; no CDK import (the local cloud must not load aws-cdk-lib).
 */
import type { BuildOptions } from 'esbuild';

/** The Lambda runtime every function deploys to, and the Node major it runs. */
export const lambdaRuntime = {
  name: 'nodejs24.x',
  nodeMajor: 24,
  executionEnv: 'AWS_Lambda_nodejs24.x',
} as const;

export const functionBundling = {
  /** esbuild's target follows the runtime (CDK derives the same from `nodejs24.x`). */
  target: `node${lambdaRuntime.nodeMajor}`,
  format: 'esm',
  minify: true,
  /** Source maps beside the bundle, read by Node only with `--enable-source-maps` (see `nodeOptions`). */
  sourceMap: true,
  /** The Node.js runtimes from 18 on ship AWS SDK v3; CDK's default leaves it out of the bundle, so do we. */
  externalModules: ['@aws-sdk/*'],
  mainFields: ['module', 'main'],
  /** ESM bundles of CommonJS dependencies still call `require` for Node built-ins; ESM has none. */
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  /** Every function's NODE_OPTIONS, deployed and local: stack traces point at the TypeScript sources. */
  nodeOptions: '--enable-source-maps',
  /** What Lambda calls the module: `index.mjs` exporting `handler` (`_HANDLER=index.handler`). */
  fileName: 'index.mjs',
  handler: 'index.handler',
} as const;

/** esbuild options that build one function's entry into `outdir/index.mjs` (+ its `.map`), as CDK does. */
export function functionBuildOptions(entry: string, outdir: string, absWorkingDir: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    absWorkingDir,
    bundle: true,
    platform: 'node',
    target: functionBundling.target,
    format: functionBundling.format,
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourceMap,
    external: [...functionBundling.externalModules],
    mainFields: [...functionBundling.mainFields],
    banner: { js: functionBundling.banner },
    logLevel: 'error',
  };
}
