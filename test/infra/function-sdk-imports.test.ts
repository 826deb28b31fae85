import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionBuildOptions } from '../../infra/bundling';
import { repoRoot } from '../../infra/local/paths';
import { type Binding, functions } from '../../infra/spec';

/**
 * A bundle keeps every `@aws-sdk/*` import of the modules it includes, used or not (esbuild cannot know an external
 * package has no side effects), and each SDK client adds 50–115 ms to a cold start (bench: cold starts). So each
 * function imports only the clients of its own bindings: Health imports none.
 */
const sdkPackagesOf: Record<Binding, readonly string[]> = {
  'table:read': ['client-dynamodb', 'lib-dynamodb'],
  'table:readWrite': ['client-dynamodb', 'lib-dynamodb'],
  'table:names': ['client-dynamodb', 'lib-dynamodb'],
  bus: ['client-eventbridge'],
  sockets: ['client-apigatewaymanagementapi'],
  tokenSecret: ['client-secrets-manager'],
  movieApiKey: ['client-secrets-manager'],
  // The bot signs its calls to its IAM-authorized route with the runtime's credentials.
  botApi: ['credential-provider-node'],
  scheduler: ['client-scheduler'],
  userPool: [],
};

async function sdkImports(entry: string): Promise<string[]> {
  const result = await build({
    ...functionBuildOptions(entry, '/nonexistent', repoRoot),
    write: false,
    sourcemap: false,
  });
  const code = result.outputFiles.map((f) => f.text).join('\n');
  return [...new Set([...code.matchAll(/from\s*"@aws-sdk\/([^"]+)"/g)].map((m) => m[1] as string))].sort();
}

describe('the SDK packages each function loads', () => {
  it.each(functions.map((fn) => [fn.name, fn] as const))(
    '%s imports only the clients of its bindings',
    async (_, fn) => {
      const allowed = new Set(fn.bindings.flatMap((b) => sdkPackagesOf[b]));
      const imported = await sdkImports(fn.entry);
      expect(imported.filter((pkg) => !allowed.has(pkg))).toEqual([]);
    },
  );

  it('leaves the SDK out of a function bound to nothing', async () => {
    const health = functions.find((fn) => fn.bindings.length === 0);
    expect(health).toBeDefined();
    expect(await sdkImports((health as (typeof functions)[number]).entry)).toEqual([]);
  });
});
