import { App, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChatStack, type ChatStackProps } from '../../../infra/aws/chat-stack';
import { standardLoggingRegions } from '../../../infra/aws/constructs/site';
import { deployOptions } from '../../../infra/aws/context';
import { httpApiCors, webSocketStage, webSocketThrottle } from '../../../infra/spec';
import { only } from '../../lists';

interface CfnResourceJson {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON, read field by field.
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  DependsOn?: string[];
}
type Resources = Record<string, CfnResourceJson>;

/** Properties that hold a resource's physical name, which must be unique in the account and region. */
const nameProperties = [
  'Name',
  'TableName',
  'BucketName',
  'QueueName',
  'TopicName',
  'FunctionName',
  'RoleName',
  'LogGroupName',
  'DashboardName',
  'AlarmName',
  'ApiName',
  'UserPoolName',
  'ClientName',
];
// `Name` there is scoped to its parent (an API), and `FunctionName` there points at a function.
const notPhysicalNames = new Set([
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::Lambda::Permission',
  'AWS::Lambda::EventInvokeConfig',
]);

/** Every literal physical name of the template: `Type Prop=value`. Refs and GetAtts are generated names. */
function fixedNames(resources: Resources): { id: string; name: string; resource: CfnResourceJson }[] {
  return Object.entries(resources).flatMap(([id, resource]) =>
    notPhysicalNames.has(resource.Type)
      ? []
      : nameProperties
          .map((p) => resource.Properties?.[p])
          .filter((v): v is string => typeof v === 'string')
          .map((name) => ({ id, name, resource })),
  );
}

function synth(id: string, props: Partial<ChatStackProps> = {}, env?: { region: string }) {
  // No stack is bundled (`aws:cdk:bundling-stacks`: none): these tests read names, policies and conditions, not
  // the functions' code, and bundling all of them for every synth made each test take tens of seconds.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new ChatStack(app, id, { appVersion: 'test', env, ...props });
  const template = Template.fromStack(stack);
  return { app, stack, template, resources: template.toJSON().Resources as Resources };
}

let main: ReturnType<typeof synth>;
beforeAll(() => {
  main = synth('Chatty');
}, 180_000);

const ofType = (resources: Resources, type: string) =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

describe('cdk destroy, then cdk deploy again', () => {
  it('deletes every resource that has a fixed physical name, the schedule group first', () => {
    const named = fixedNames(main.resources);
    expect(named.map((n) => n.resource.Type)).toContain('AWS::Scheduler::ScheduleGroup');
    for (const { id, name, resource } of named) {
      expect({ id, name, DeletionPolicy: resource.DeletionPolicy ?? 'Delete' }).toEqual({
        id,
        name,
        DeletionPolicy: 'Delete',
      });
    }
  });

  it('keeps only the table and the access-log bucket, neither with a fixed name', () => {
    const retained = Object.entries(main.resources).filter(([, r]) => r.DeletionPolicy === 'Retain');
    expect(retained.map(([id, r]) => [r.Type, id.replace(/[0-9A-F]{8}$/, '')]).sort()).toEqual([
      ['AWS::DynamoDB::Table', 'Table'],
      ['AWS::S3::Bucket', 'SiteLogs'],
    ]);
    for (const [, r] of retained) {
      for (const p of nameProperties) expect(r.Properties?.[p]).toBeUndefined();
    }
  });

  it('empties and deletes the site and canary-artifact buckets with the stack', () => {
    const buckets = ofType(main.resources, 'AWS::S3::Bucket').filter(
      ([, r]) => r.DeletionPolicy !== 'Retain',
    );
    expect(buckets.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'MonitoringHealthCanaryArtifacts',
      'SiteBucket',
    ]);
    const emptied = ofType(main.resources, 'Custom::S3AutoDeleteObjects').map(
      ([, r]) => r.Properties?.BucketName.Ref,
    );
    expect(emptied.sort()).toEqual(buckets.map(([id]) => id).sort());
  });

  it('gives secrets no fixed name: a secret pending deletion cannot block the next deploy', () => {
    for (const [, secret] of ofType(main.resources, 'AWS::SecretsManager::Secret')) {
      expect(secret.Properties?.Name).toBeUndefined();
    }
  });

  it('has Synthetics delete the canary’s Lambda function and layers with it', () => {
    const [, canary] = only(ofType(main.resources, 'AWS::Synthetics::Canary'), 'canary');
    expect(canary.Properties?.ProvisionedResourceCleanup).toBe('AUTOMATIC');
  });
});

describe('log groups', () => {
  it('all have a retention and go with the stack', () => {
    const groups = ofType(main.resources, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const [id, group] of groups) {
      expect({ id, retention: group.Properties?.RetentionInDays > 0, policy: group.DeletionPolicy }).toEqual({
        id,
        retention: true,
        policy: 'Delete',
      });
    }
  });

  it('receive the logs of every Lambda function, CDK’s custom-resource handlers included', () => {
    const groups = new Set(ofType(main.resources, 'AWS::Logs::LogGroup').map(([id]) => id));
    const functions = ofType(main.resources, 'AWS::Lambda::Function');
    expect(functions.map(([id]) => id)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^CustomCDKBucketDeployment/),
        expect.stringMatching(/^CustomS3AutoDeleteObjects/),
        expect.stringMatching(/^AWS679f53fac002430cb0da5b7982bd2287/),
      ]),
    );
    for (const [id, fn] of functions) {
      expect({ id, inStack: groups.has(fn.Properties?.LoggingConfig?.LogGroup?.Ref) }).toEqual({
        id,
        inStack: true,
      });
    }
  });

  it('include the canary’s: found through GetCanary, created or kept, given a retention, deleted after the canary stops', () => {
    const calls = ofType(main.resources, 'Custom::AWS').map(([id, r]) => ({
      id,
      dependsOn: r.DependsOn ?? [],
      create: JSON.parse(JSON.stringify(r.Properties?.Create ?? 'null')),
      del: JSON.parse(JSON.stringify(r.Properties?.Delete ?? 'null')),
    }));
    const actionOf = (c: (typeof calls)[number], key: 'create' | 'del') =>
      // Create/Delete are JSON strings with tokens joined in: read the action name from the text.
      JSON.stringify(c[key]).match(/\\"action\\":\\"(\w+)\\"/)?.[1];
    const byCreate = (action: string) => calls.find((c) => actionOf(c, 'create') === action);
    expect(byCreate('getCanary')).toBeDefined();
    const group = byCreate('createLogGroup');
    expect(group && actionOf(group, 'del')).toBe('deleteLogGroup');
    expect(JSON.stringify(group?.create)).toContain('ResourceAlreadyExistsException');
    const retention = byCreate('putRetentionPolicy');
    expect(JSON.stringify(retention?.create)).toContain('retentionInDays\\":30');
    const stop = calls.find((c) => actionOf(c, 'del') === 'stopCanary');
    // Deleted before the log group, so no run re-creates the group once it is gone.
    expect(stop?.dependsOn).toContain(group?.id);
    expect(retention?.dependsOn).toContain(group?.id);
  });
});

describe('two stages in one account and region', () => {
  let dev: ReturnType<typeof synth>;
  let prod: ReturnType<typeof synth>;
  beforeAll(() => {
    dev = synth(deployOptions((k) => ({ stage: 'dev' })[k]).stackName);
    prod = synth(deployOptions((k) => ({ stage: 'prod' })[k]).stackName);
  }, 180_000);

  it('are stacks of their own', () => {
    expect([dev.stack.stackName, prod.stack.stackName]).toEqual(['Chatty-dev', 'Chatty-prod']);
  });

  it('share no physical name', () => {
    const names = (r: Resources) => new Set(fixedNames(r).map((n) => `${n.resource.Type} ${n.name}`));
    const devNames = names(dev.resources);
    expect(devNames.size).toBeGreaterThan(0);
    expect([...names(prod.resources)].filter((n) => devNames.has(n))).toEqual([]);
  });

  it('keep the WebSocket stage named as in the spec (each API has its own id, hence its own URL)', () => {
    for (const { template } of [dev, prod]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: webSocketStage });
    }
  });

  it('count refused tokens each in its own namespace', () => {
    for (const { template, stack } of [dev, prod]) {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        MetricTransformations: [Match.objectLike({ MetricNamespace: `Chatty/${stack.stackName}` })],
      });
    }
  });
});

describe('deploy options', () => {
  const options = (context: Record<string, string>) => deployOptions((k) => context[k]);

  it('name the stack after the stage', () => {
    expect(options({}).stackName).toBe('Chatty');
    expect(options({ stage: 'dev' })).toMatchObject({ stage: 'dev', stackName: 'Chatty-dev' });
  });

  it('refuse a stage that cannot be part of every resource name', () => {
    expect(() => options({ stage: 'Dev_1' })).toThrow(/not a stage name/);
    expect(() => options({ stage: 'a-very-long-stage' })).toThrow(/not a stage name/);
  });

  it('leave the account-wide API Gateway logging setting alone unless asked', () => {
    expect(options({}).apiGatewayAccountLogging).toBe('off');
    expect(options({ apiGatewayAccountLogging: 'true' }).apiGatewayAccountLogging).toBe('create');
    expect(options({ apiGatewayAccountLogging: 'existing' }).apiGatewayAccountLogging).toBe('existing');
    expect(() => options({ apiGatewayAccountLogging: 'yes' })).toThrow(/use true .* existing .* or false/);
  });

  it('take a custom domain only with its certificate', () => {
    expect(
      options({ siteDomainName: 'chat.example.com', siteCertificateArn: 'arn:cert' }).customDomain,
    ).toEqual({
      domainName: 'chat.example.com',
      certificateArn: 'arn:cert',
    });
    expect(() => options({ siteDomainName: 'chat.example.com' })).toThrow(/go together/);
  });
});

describe('the account-wide API Gateway CloudWatch role', () => {
  it('leaves the WebSocket stage’s throttle as the spec says, logging or not', () => {
    main.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: webSocketStage,
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: webSocketThrottle.rateLimit,
        ThrottlingBurstLimit: webSocketThrottle.burstLimit,
      }),
    });
  });

  it('is not touched by default, and the WebSocket stage then has no access logs', () => {
    main.template.resourceCountIs('AWS::ApiGateway::Account', 0);
    main.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: webSocketStage,
      AccessLogSettings: Match.absent(),
    });
    Annotations.fromStack(main.stack).hasInfo('*', Match.stringLikeRegexp('apiGatewayAccountLogging'));
  });

  it('is created, retained, and set for the account when asked for', () => {
    const { template, resources } = synth('Chatty', { apiGatewayAccountLogging: 'create' });
    const [, account] = only(ofType(resources, 'AWS::ApiGateway::Account'), 'API Gateway account');
    const roleId = account?.Properties?.CloudWatchRoleArn['Fn::GetAtt'][0];
    expect(resources[roleId]?.DeletionPolicy).toBe('Retain');
    expect(resources[roleId]?.Properties?.RoleName).toBeUndefined();
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: webSocketStage,
      AccessLogSettings: Match.objectLike({ Format: Match.stringLikeRegexp('connectionId') }),
    });
  });

  it('is relied on without being touched when the account already has one', () => {
    const { template } = synth('Chatty', { apiGatewayAccountLogging: 'existing' });
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: webSocketStage,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });
});

/** Evaluates a template condition of Fn::Or / Fn::Equals on AWS::Region, as CloudFormation would. */
function evaluate(condition: unknown, region: string): boolean {
  const c = condition as Record<string, unknown[]>;
  if (c['Fn::Or']) return c['Fn::Or'].some((x) => evaluate(x, region));
  if (c['Fn::Equals']) {
    const [a, b] = c['Fn::Equals'].map((x) => (JSON.stringify(x) === '{"Ref":"AWS::Region"}' ? region : x));
    return a === b;
  }
  throw new Error(`unexpected condition ${JSON.stringify(condition)}`);
}

describe('CloudFront access logging', () => {
  function loggingIn(region: string): { logging: unknown; output: unknown } {
    const json = main.template.toJSON();
    const [, distribution] = only(ofType(main.resources, 'AWS::CloudFront::Distribution'), 'distribution');
    const [conditionId, whenTrue, whenFalse] =
      distribution.Properties?.DistributionConfig.Logging['Fn::If'] ?? [];
    const on = evaluate(json.Conditions[conditionId], region);
    const [, outTrue, outFalse] = json.Outputs.SiteAccessLogs.Value['Fn::If'];
    return { logging: on ? whenTrue : whenFalse, output: on ? outTrue : outFalse };
  }

  it('delivers to the log bucket in regions enabled by default', () => {
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
      expect(loggingIn(region).logging).toMatchObject({ Prefix: 'cloudfront/', Bucket: expect.anything() });
    }
  });

  it('is off in opt-in regions, where CloudFront cannot deliver to S3, and the output says why', () => {
    for (const region of ['af-south-1', 'ap-east-1', 'me-south-1', 'eu-south-1', 'il-central-1']) {
      const { logging, output } = loggingIn(region);
      expect(logging).toEqual({ Ref: 'AWS::NoValue' });
      expect(JSON.stringify(output)).toContain('cannot deliver to S3 buckets in the opt-in region');
    }
    expect(standardLoggingRegions).not.toContain('af-south-1');
  });

  it('warns at synth time when the stack’s region is known to be opt-in', () => {
    const { stack } = synth('Chatty', {}, { region: 'af-south-1' });
    Annotations.fromStack(stack as Stack).hasWarning(
      '*',
      Match.stringLikeRegexp('cannot deliver to S3 buckets in the opt-in region af-south-1'),
    );
  });
});

describe('CORS with a custom domain', () => {
  it('allows the custom domain and the CloudFront domain, with the spec’s methods and headers', () => {
    const { template } = synth('Chatty', {
      env: { region: 'us-east-1' },
      customDomain: {
        domainName: 'chat.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: [
          'https://chat.example.com',
          { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }]] },
        ],
        AllowMethods: [...httpApiCors.allowMethods],
        AllowHeaders: [...httpApiCors.allowHeaders],
        AllowCredentials: httpApiCors.allowCredentials,
        MaxAge: httpApiCors.maxAgeSeconds,
      },
    });
  });
});
