import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ChatStack } from '../../../infra/aws/chat-stack';
import type { ReservedConcurrency } from '../../../infra/aws/context';
import { defaultReservedConcurrency, functions } from '../../../infra/spec';

/**
 * Each function's reserved concurrency, by spec name. Bundling is skipped (`aws:cdk:bundling-stacks`): these
 * tests read one property, and esbuilding every function for each of three stacks would take a minute.
 */
function reservedConcurrency(option?: ReservedConcurrency): Record<string, unknown> {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new ChatStack(app, 'Chatty', { appVersion: 'test', reservedConcurrency: option });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<
    string,
    { Type: string; Properties: { ReservedConcurrentExecutions?: unknown } }
  >;
  return Object.fromEntries(
    functions.map((spec) => {
      const fn = stack.functions.get(spec.name);
      const id = fn ? stack.resolve(stack.getLogicalId(fn.node.defaultChild as CfnElement)) : undefined;
      return [spec.name, id ? resources[id]?.Properties.ReservedConcurrentExecutions : 'missing'];
    }),
  );
}

const every = (value: unknown) => Object.fromEntries(functions.map((f) => [f.name, value]));

describe('reserved concurrency', () => {
  it('caps every function at the spec’s value by default, so one flood cannot take every slot in the account', () => {
    expect(reservedConcurrency()).toEqual(
      Object.fromEntries(functions.map((f) => [f.name, f.reservedConcurrency ?? defaultReservedConcurrency])),
    );
    expect(reservedConcurrency('spec')).toEqual(reservedConcurrency());
  });

  it('reserves in all what an account with the default quota of 1000 can give (at least 100 stay unreserved)', () => {
    const total = functions.reduce(
      (sum, f) => sum + (f.reservedConcurrency ?? defaultReservedConcurrency),
      0,
    );
    expect(total).toBeLessThanOrEqual(1000 - 100);
  });

  it('reserves nothing with -c reservedConcurrency=off (accounts whose quota leaves no room)', () => {
    expect(reservedConcurrency('off')).toEqual(every(undefined));
  });

  it('gives every function the number given with -c reservedConcurrency=N', () => {
    expect(reservedConcurrency(3)).toEqual(every(3));
  });
});
