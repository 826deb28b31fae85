import { defineConfig } from 'vitest/config';

/**
 * The local cloud's tests of pure logic: they start no server, process or Java, so they run with the unit
 * tests. Every other file under test/infra/ starts something (a gateway, DynamoDB Local, esbuild, a CDK synth).
 */
const pureInfraTests = [
  'test/infra/spec.test.ts',
  'test/infra/api-docs/asyncapi.test.ts',
  'test/infra/api-docs/contract-net.test.ts',
  'test/infra/api-docs/json-schema.test.ts',
  'test/infra/api-docs/openapi.test.ts',
  'test/infra/local/async-invoke.test.ts',
  'test/infra/local/check-node.test.ts',
  'test/infra/local/cognito-triggers.test.ts',
  'test/infra/local/dead-letters.test.ts',
  'test/infra/local/event-pattern.test.ts',
  'test/infra/local/log-format.test.ts',
  'test/infra/local/scheduler-timing.test.ts',
  'test/infra/local/sigv4.test.ts',
  'test/infra/local/ws/ids.test.ts',
];

// `npm test` runs the three projects once; `npm run test:unit|test:integration|test:browser` runs one.
export default defineConfig({
  test: {
    // Integration and browser suites each start a local cloud (DynamoDB Local + gateways); two cores
    // cannot run many of those at once, so files run with bounded parallelism.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    allowOnly: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/web/**/*.test.ts', ...pureInfraTests],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/infra/**/*.test.ts', 'test/integration/**/*.test.ts'],
          // A CDK synth of three stacks or a local cloud's story can pass 30 s on two busy cores: a budget, not a
          // speed check (speed is the bench's).
          testTimeout: 90_000,
          exclude: pureInfraTests,
          // The CDK stack deploys web/dist and the local cloud serves it; a clean clone has none until this.
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          // A browser test walks one or two pages through a whole story (sign up, chat, moderate): on two busy cores
          // that can take well over 30 s. A budget, not a speed check (speed is the bench's).
          testTimeout: 120_000,
        },
      },
    ],
  },
});
