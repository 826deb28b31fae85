/**
 * Builds the page: esbuild bundles web/app.ts (minified, one file) and index.html + styles.css are copied
 * next to it, with the API documents generated from the contract (openapi.json, asyncapi.json).
 * `npx tsx web/build.ts` or `buildWeb()` (the local cloud serves the returned directory).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeApiDocs } from '../infra/api-docs/write-docs';

const webDir = dirname(fileURLToPath(import.meta.url));

/** Builds into `dist` (default web/dist, which the local cloud serves and CDK deploys). */
export async function buildWeb(dist = join(webDir, 'dist')): Promise<string> {
  await mkdir(dist, { recursive: true });
  await build({
    entryPoints: [join(webDir, 'app.ts')],
    outfile: join(dist, 'app.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022'],
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
  });
  await Promise.all(['index.html', 'styles.css'].map((f) => copyFile(join(webDir, f), join(dist, f))));
  await writeApiDocs(dist);
  return dist;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = await buildWeb();
  console.log(`web built to ${dist}`);
}
