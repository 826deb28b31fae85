import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { functionBuildOptions, functionBundling, lambdaRuntime } from '../../infra/bundling';
import { repoRoot } from '../../infra/local/paths';
import { functionByName } from '../../infra/spec';

const outdir = await mkdtemp(join(tmpdir(), 'bundling-'));
afterAll(() => rm(outdir, { recursive: true, force: true }));

describe('the one bundling definition', () => {
  it('targets the Node version of the Lambda runtime the functions deploy to', () => {
    expect(lambdaRuntime.name).toBe(`nodejs${lambdaRuntime.nodeMajor}.x`);
    expect(functionBundling.target).toBe(`node${lambdaRuntime.nodeMajor}`);
    expect(lambdaRuntime.executionEnv).toBe(`AWS_Lambda_${lambdaRuntime.name}`);
  });

  it('builds a function as Lambda runs it: minified ESM index.mjs, the runtime SDK left out, a linked source map', async () => {
    const fn = functionByName('ListRooms');
    await build(functionBuildOptions(fn.entry, outdir, repoRoot));
    const code = await readFile(join(outdir, functionBundling.fileName), 'utf8');
    expect(code.startsWith(functionBundling.banner)).toBe(true);
    expect(code).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    const map = JSON.parse(await readFile(join(outdir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.endsWith('lambdas/http/list-rooms.ts'))).toBe(true);
  });
});
