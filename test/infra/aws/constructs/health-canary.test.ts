import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { HealthCanary } from '../../../../infra/aws/constructs/health-canary';

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** The canary alone in a stack: its custom resources' policies are what decides whether deploy and destroy work. */
function policies(): Statement[] {
  const stack = new Stack(new App(), 'CanaryOnly', { env: { account: '123456789012', region: 'eu-west-1' } });
  new HealthCanary(stack, 'Canary', { httpApiUrl: 'https://api.example', webSocketUrl: 'wss://ws.example' });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<
    string,
    { Type: string; Properties: { PolicyDocument?: { Statement: Statement[] } } }
  >;
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .flatMap((r) => r.Properties.PolicyDocument?.Statement ?? []);
}

describe('the health canary', () => {
  it('grants its custom resources the canary by its real ARN (canary:<name>, with a colon), so deploy and destroy are allowed', () => {
    const onCanary = policies().filter((s) => [s.Action].flat().some((a) => a.startsWith('synthetics:')));
    expect(onCanary.length).toBeGreaterThan(0);
    for (const statement of onCanary) {
      const text = JSON.stringify(statement.Resource);
      expect(text).toContain(':canary:');
      expect(text).not.toContain(':canary/');
    }
  });
});
