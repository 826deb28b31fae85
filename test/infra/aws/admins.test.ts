import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ChatStack } from '../../../infra/aws/chat-stack';
import { defaultAdmins, functions } from '../../../infra/spec';

/**
 * `cdk deploy -c admins=…` (issue 16): the operators who moderate the lobby and every public room reach exactly the
 * functions that check roles, as their ADMINS variable. Bundling is skipped (`aws:cdk:bundling-stacks`): only the
 * environment is read.
 */
function adminsByFunction(admins?: string): Record<string, unknown> {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new ChatStack(app, 'Chatty', { appVersion: 'test', admins });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<
    string,
    { Properties: { Environment?: { Variables?: Record<string, unknown> } } }
  >;
  return Object.fromEntries(
    functions.map((spec) => {
      const fn = stack.functions.get(spec.name);
      const id = stack.resolve(stack.getLogicalId(fn?.node.defaultChild as CfnElement));
      return [spec.name, resources[id]?.Properties.Environment?.Variables?.ADMINS];
    }),
  );
}

const readers = functions.filter((f) => f.config?.ADMINS !== undefined).map((f) => f.name);

describe('-c admins', () => {
  it('is read by the functions that check roles, and only by them', () => {
    expect(readers.length).toBeGreaterThan(0);
    const deployed = adminsByFunction('ada,grace');
    for (const fn of functions)
      expect([fn.name, deployed[fn.name]]).toEqual([
        fn.name,
        readers.includes(fn.name) ? 'ada,grace' : undefined,
      ]);
  });

  it('leaves the spec’s default (no admins) when not given', () => {
    const deployed = adminsByFunction();
    for (const name of readers) expect([name, deployed[name]]).toEqual([name, defaultAdmins]);
  });
});
