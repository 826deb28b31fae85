/**
 * Writes the API documents next to the page (web/build.ts calls it), so the local site serves them and the CDK
 * app deploys them with the site: `/openapi.json` and `/asyncapi.json`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAsyncApi } from './asyncapi';
import { buildOpenApi } from './openapi';

export const apiDocumentFiles = { openapi: 'openapi.json', asyncapi: 'asyncapi.json' } as const;

export async function writeApiDocs(dir: string): Promise<void> {
  await Promise.all([
    writeFile(join(dir, apiDocumentFiles.openapi), `${JSON.stringify(buildOpenApi(), null, 2)}\n`),
    writeFile(join(dir, apiDocumentFiles.asyncapi), `${JSON.stringify(buildAsyncApi(), null, 2)}\n`),
  ]);
}
