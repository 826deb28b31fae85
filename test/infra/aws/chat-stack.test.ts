import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChatStack } from '../../../infra/aws/chat-stack';
import { functionBundling, lambdaRuntime } from '../../../infra/bundling';
import {
  envVarNames,
  eventBus,
  functions,
  httpRoutes,
  presenceStream,
  table,
  webSocketAuthorizer,
  webSocketRouteSelection,
  webSocketRoutes,
  webSocketStage,
} from '../../../infra/spec';
import { only } from '../../lists';

interface CfnResourceJson {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON, read field by field.
  Properties: Record<string, any>;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

// One synthesis for the whole file: it bundles every function with esbuild, which takes a while.
let app: App;
let stack: ChatStack;
let template: Template;
let resources: Record<string, CfnResourceJson>;

beforeAll(() => {
  app = new App();
  stack = new ChatStack(app, 'Chatty', { appVersion: 'test' });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
}, 180_000);

function logicalId(construct: IConstruct): string {
  return stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement));
}

function ofType(type: string): [string, CfnResourceJson][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

function resourceOf(construct: IConstruct): CfnResourceJson {
  const resource = resources[logicalId(construct)];
  if (!resource) throw new Error(`no resource for ${construct.node.path} in the template`);
  return resource;
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The function a route or authorizer integration points at, as a logical id. */
function functionOfUri(uri: unknown): string | undefined {
  return JSON.stringify(uri).match(/"Fn::GetAtt":\["([^"]+)","Arn"\]/)?.[1];
}

function integrationTargetOf(route: CfnResourceJson): string | undefined {
  const integrationId = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1];
  return integrationId && functionOfUri(resources[integrationId]?.Properties.IntegrationUri);
}

/** Every statement of the policies attached to a function's execution role. */
function statementsOf(functionName: string): Statement[] {
  const roleId = logicalId(fnNamed(functionName).executionRole);
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}

function fnNamed(name: string) {
  const fn = stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name} in the stack`);
  return fn;
}

const resourcesText = (s: Statement): string[] => list(s.Resource).map((r) => flattenCfnReference(r));
/** What a DynamoDB stream event source mapping reads, besides ListStreams. */
const streamReads = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];

describe('the HTTP API', () => {
  it('has exactly the routes of the spec, each integrated with its function', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey.includes(' /'));
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      httpRoutes.map((r) => `${r.method} ${r.path}`).sort(),
    );
    for (const spec of httpRoutes) {
      const [, route] = routes.find(([, r]) => r.Properties.RouteKey === `${spec.method} ${spec.path}`) ?? [];
      expect(route && integrationTargetOf(route)).toBe(logicalId(fnNamed(spec.function)));
    }
  });

  it('lets API Gateway verify SigV4 on iam routes and leaves the others to the functions', () => {
    for (const spec of httpRoutes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${spec.method} ${spec.path}`,
        AuthorizationType: spec.auth === 'iam' ? 'AWS_IAM' : 'NONE',
      });
    }
  });

  it('uses payload format 2.0 for every Lambda integration', () => {
    const httpApiId = logicalId(stack.node.findChild('HttpApi').node.findChild('Api'));
    const integrations = ofType('AWS::ApiGatewayV2::Integration').filter(
      ([, i]) => i.Properties.ApiId.Ref === httpApiId,
    );
    expect(integrations.length).toBeGreaterThan(0);
    for (const [, integration] of integrations)
      expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
  });

  it('allows CORS from the CloudFront site only', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: [
          { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }]] },
        ],
      }),
    });
  });

  it('writes access logs from its auto-deployed $default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('the WebSocket API', () => {
  it('selects routes on the spec expression', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: webSocketRouteSelection,
    });
  });

  it('has exactly the routes of the spec, each integrated with its function', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').filter(
      ([, r]) => !r.Properties.RouteKey.includes(' /'),
    );
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      webSocketRoutes.map((r) => r.routeKey).sort(),
    );
    for (const spec of webSocketRoutes) {
      const [, route] = routes.find(([, r]) => r.Properties.RouteKey === spec.routeKey) ?? [];
      expect(route && integrationTargetOf(route)).toBe(logicalId(fnNamed(spec.function)));
    }
  });

  it('authorizes $connect, and only $connect, with a REQUEST authorizer on the token query parameter', () => {
    const [authorizerId, authorizer] = only(ofType('AWS::ApiGatewayV2::Authorizer'), 'authorizer');
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      IdentitySource: [`route.request.querystring.${webSocketAuthorizer.identitySource}`],
    });
    expect(functionOfUri(authorizer.Properties.AuthorizerUri)).toBe(
      logicalId(fnNamed(webSocketAuthorizer.function)),
    );
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizerId },
    });
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      if (route.Properties.RouteKey !== '$connect') expect(route.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it('deploys the spec stage automatically, without access logs unless the account logging role is asked for', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: webSocketStage,
      AutoDeploy: true,
      AccessLogSettings: Match.absent(),
    });
  });
});

describe('the table', () => {
  it('has the keys, index, TTL and point-in-time recovery of the spec, billed on demand', () => {
    const gsi = table.globalSecondaryIndexes[0];
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: table.partitionKey, AttributeType: 'S' },
        { AttributeName: table.sortKey, AttributeType: 'S' },
        { AttributeName: gsi.partitionKey, AttributeType: 'S' },
        { AttributeName: gsi.sortKey, AttributeType: 'S' },
      ]),
      GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: table.pointInTimeRecovery },
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: table.stream },
    });
  });

  it("feeds its stream to the Presence function with the spec's batching, retries and filter", () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: Match.anyValue(),
      StartingPosition: presenceStream.startingPosition,
      BatchSize: presenceStream.batchSize,
      MaximumBatchingWindowInSeconds: presenceStream.maximumBatchingWindowSeconds,
      BisectBatchOnFunctionError: presenceStream.bisectBatchOnFunctionError,
      MaximumRetryAttempts: presenceStream.maximumRetryAttempts,
      MaximumRecordAgeInSeconds: presenceStream.maximumRecordAgeSeconds,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(presenceStream.filterPattern) }] },
    });
  });
});

describe('the event bus', () => {
  it('is named after the stack and the spec, so stage copies get their own', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: `Chatty-${eventBus.name}` });
  });

  for (const spec of eventBus.rules) {
    it(`carries the ${spec.name} rule with the spec's pattern, exactly`, () => {
      const rules = ofType('AWS::Events::Rule').filter(
        ([, r]) => r.Properties.Description === spec.description,
      );
      expect(rules).toHaveLength(1);
      expect(rules[0]?.[1].Properties.EventPattern).toEqual(spec.pattern);
    });

    it(`delivers ${spec.name} to ${spec.target} with the spec's retries, then to an encrypted, TLS-only DLQ`, () => {
      const [, rule] = only(
        ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.Description === spec.description),
        'rule',
      );
      const [target] = rule.Properties.Targets;
      expect(target.Arn).toEqual({ 'Fn::GetAtt': [logicalId(fnNamed(spec.target)), 'Arn'] });
      expect(target.RetryPolicy).toEqual({
        MaximumRetryAttempts: spec.retry.maximumRetryAttempts,
        MaximumEventAgeInSeconds: spec.retry.maximumEventAgeSeconds,
      });
      const queueId = target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
      expect(resources[queueId]).toMatchObject({
        Type: 'AWS::SQS::Queue',
        Properties: { SqsManagedSseEnabled: true },
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Principal: { Service: 'events.amazonaws.com' },
            }),
          ]),
        },
      });
    });

    it(`sends ${spec.target}'s own failures (after the spec's retries) to the same DLQ, not to nowhere`, () => {
      const [, rule] = only(
        ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.Description === spec.description),
        'rule',
      );
      const queueId = rule.Properties.Targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0];
      const configs = ofType('AWS::Lambda::EventInvokeConfig').filter(
        ([, c]) => c.Properties.FunctionName.Ref === logicalId(fnNamed(spec.target)),
      );
      expect(configs).toHaveLength(1);
      expect(configs[0]?.[1].Properties).toMatchObject({
        MaximumRetryAttempts: spec.retry.maximumRetryAttempts,
        MaximumEventAgeInSeconds: spec.retry.maximumEventAgeSeconds,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
    });
  }
});

describe('the functions', () => {
  it('exist for every function of the spec, on Node.js 24 for ARM64 with their memory and timeout', () => {
    for (const spec of functions) {
      expect(resources[logicalId(fnNamed(spec.name))]?.Properties).toMatchObject({
        Runtime: lambdaRuntime.name,
        Architectures: ['arm64'],
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
        Handler: 'index.handler',
      });
    }
  });

  it('receive exactly the env vars the spec names for them', () => {
    for (const spec of functions) {
      const variables = resourceOf(fnNamed(spec.name)).Properties.Environment.Variables;
      expect({ [spec.name]: Object.keys(variables).sort() }).toEqual({
        [spec.name]: envVarNames(spec).sort(),
      });
      for (const [name, value] of Object.entries(spec.config ?? {})) expect(variables[name]).toBe(value);
      // Source-mapped stack traces, as the local runner gives them (infra/bundling.ts).
      expect(variables.NODE_OPTIONS).toBe(functionBundling.nodeOptions);
    }
  });

  it('get the WebSocket stage callback URL for the sockets binding', () => {
    const apiId = logicalId(stack.node.findChild('WebSocketApi').node.findChild('Api'));
    const variables = resourceOf(fnNamed('WsSendMessage')).Properties.Environment.Variables;
    expect(flattenCfnReference(variables.WEBSOCKET_CALLBACK_URL)).toBe(
      `https://<${apiId}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/${webSocketStage}`,
    );
  });
});

describe('the grants', () => {
  it('let the bot invoke only its own IAM-authorized route, and no other function invoke anything', () => {
    const httpApiId = logicalId(stack.node.findChild('HttpApi').node.findChild('Api'));
    const bot = httpRoutes.find((r) => r.auth === 'iam');
    const path = bot?.path.replace(/\{[^}]+\}/g, '*');
    for (const spec of functions) {
      const invoke = statementsOf(spec.name).filter((s) =>
        list(s.Action).some((a) => a.startsWith('execute-api:I')),
      );
      const expected = spec.bindings.includes('botApi')
        ? [
            `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${httpApiId}>/*/${bot?.method}${path}`,
          ]
        : [];
      expect({ [spec.name]: invoke.flatMap(resourcesText) }).toEqual({ [spec.name]: expected });
      expect(invoke.flatMap((s) => list(s.Action)).every((a) => a === 'execute-api:Invoke')).toBe(true);
    }
  });

  it('limit @connections management to the WebSocket stage, for sockets-bound functions only', () => {
    const apiId = logicalId(stack.node.findChild('WebSocketApi').node.findChild('Api'));
    for (const spec of functions) {
      const manage = statementsOf(spec.name).filter((s) =>
        list(s.Action).includes('execute-api:ManageConnections'),
      );
      const expected = spec.bindings.includes('sockets')
        ? [
            `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiId}>/${webSocketStage}/*/@connections/*`,
          ]
        : [];
      expect({ [spec.name]: manage.flatMap(resourcesText) }).toEqual({ [spec.name]: expected });
    }
  });

  it('name the table and its indexes for DynamoDB actions, never "*", and keep table:read read-only', () => {
    const tableId = logicalId(stack.node.findChild('Table'));
    const tableArns = [
      `<${tableId}.Arn>`,
      ...table.globalSecondaryIndexes.map((gsi) => `<${tableId}.Arn>/index/${gsi.indexName}`),
    ];
    const writes = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];
    // The Presence function's stream mapping reads the table's stream (its own grant, checked below).
    const isStreamRead = (s: Statement) =>
      list(s.Action).every((a) => ['dynamodb:ListStreams', ...streamReads].includes(a));
    for (const spec of functions) {
      const dynamo = statementsOf(spec.name).filter(
        (s) => list(s.Action).some((a) => a.startsWith('dynamodb:')) && !isStreamRead(s),
      );
      const actions = dynamo.flatMap((s) => list(s.Action));
      expect(actions.every((a) => !a.includes('*'))).toBe(true);
      const binds = (b: string) => spec.bindings.includes(b as never);
      if (binds('table:names')) {
        // PutItem on the name items (`NAME#…`) only: no read, no index, nothing else in the table.
        expect(dynamo.map((s) => [s.Action, resourcesText(s), s.Condition])).toEqual([
          [
            'dynamodb:PutItem',
            [`<${tableId}.Arn>`],
            { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['NAME#*'] } },
          ],
        ]);
        continue;
      }
      for (const statement of dynamo) expect(resourcesText(statement)).toEqual(tableArns);
      expect({ [spec.name]: dynamo.length > 0 }).toEqual({
        [spec.name]: binds('table:read') || binds('table:readWrite'),
      });
      expect({ [spec.name]: writes.some((w) => actions.includes(w)) }).toEqual({
        [spec.name]: binds('table:readWrite'),
      });
    }
  });

  it('let only secret-bound functions read each secret', () => {
    const tokenSecret = `<${logicalId(stack.node.findChild('TokenSecret'))}>`;
    const movieApiKey = `<${logicalId(stack.node.findChild('MovieApiKey'))}>`;
    for (const spec of functions) {
      const secrets = statementsOf(spec.name)
        .filter((s) => list(s.Action).includes('secretsmanager:GetSecretValue'))
        .flatMap(resourcesText)
        .sort();
      const expected = [
        ...(spec.bindings.includes('movieApiKey') ? [movieApiKey] : []),
        ...(spec.bindings.includes('tokenSecret') ? [tokenSecret] : []),
      ].sort();
      expect({ [spec.name]: secrets }).toEqual({ [spec.name]: expected });
    }
  });

  it('let the scheduler-bound function create schedules in its group and pass the scheduler role only', () => {
    for (const spec of functions.filter((f) => f.bindings.includes('scheduler'))) {
      const statements = statementsOf(spec.name);
      const create = statements.filter((s) => list(s.Action).includes('scheduler:CreateSchedule'));
      expect(create.flatMap(resourcesText)).toEqual([
        expect.stringMatching(
          /^arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\/[^*]+\/\*$/,
        ),
      ]);
      const pass = statements.filter((s) => list(s.Action).includes('iam:PassRole'));
      expect(pass).toHaveLength(1);
      expect(pass[0]?.Condition).toEqual({
        StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
      });
      const roleId = logicalId(stack.node.findChild('Reminders').node.findChild('Role'));
      expect(resourcesText(only(pass, 'iam:PassRole statement'))).toEqual([`<${roleId}.Arn>`]);
    }
  });

  it('give the scheduler role PutEvents on the chat bus only', () => {
    const roleId = logicalId(stack.node.findChild('Reminders').node.findChild('Role'));
    const busId = logicalId(stack.node.findChild('Events').node.findChild('Bus'));
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements.map((s) => [s.Action, resourcesText(s)])).toEqual([
      ['events:PutEvents', [`<${busId}.Arn>`]],
    ]);
  });

  it('use "*" as a resource only for the X-Ray actions and ListStreams, which have no resource-level permissions', () => {
    for (const spec of functions) {
      for (const statement of statementsOf(spec.name)) {
        if (resourcesText(statement).includes('*')) {
          const allowed = (a: string) => a.startsWith('xray:') || a === 'dynamodb:ListStreams';
          expect(list(statement.Action).every(allowed)).toBe(true);
        }
      }
    }
  });

  it("let only the Presence function read the table's stream, and only this table's", () => {
    const tableId = logicalId(stack.node.findChild('Table'));
    for (const spec of functions) {
      const reads = statementsOf(spec.name).filter((s) =>
        list(s.Action).some((a) => streamReads.includes(a)),
      );
      if (spec.name !== presenceStream.function) {
        expect({ [spec.name]: reads }).toEqual({ [spec.name]: [] });
        continue;
      }
      expect(reads.map((s) => resourcesText(s))).toEqual([[`<${tableId}.StreamArn>`]]);
    }
  });
});

describe('the site', () => {
  it('is a private, TLS-only, encrypted bucket behind CloudFront with origin access control', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Logging: {
          'Fn::If': [Match.anyValue(), Match.objectLike({ Bucket: Match.anyValue() }), Match.anyValue()],
        },
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
  });

  it('adds its security headers to the page, the CSP naming this stack’s WebSocket API', () => {
    const wsApiId = logicalId(stack.node.findChild('WebSocketApi').node.findChild('Api'));
    const [policyId, policy] = only(ofType('AWS::CloudFront::ResponseHeadersPolicy'), 'headers policy');
    const [, distribution] = only(ofType('AWS::CloudFront::Distribution'), 'distribution');
    expect(distribution.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({
      Ref: policyId,
    });
    const csp = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy;
    expect(JSON.stringify(csp.ContentSecurityPolicy)).toContain(JSON.stringify({ Ref: wsApiId }));
  });

  it('deploys the page with a config.json holding the deployed HTTP and WebSocket endpoints', () => {
    const httpApiId = logicalId(stack.node.findChild('HttpApi').node.findChild('Api'));
    const wsApiId = logicalId(stack.node.findChild('WebSocketApi').node.findChild('Api'));
    const [, deployment] = only(ofType('Custom::CDKBucketDeployment'), 'bucket deployment');
    const markers = JSON.stringify(deployment.Properties.SourceMarkers);
    expect(markers).toContain(JSON.stringify({ 'Fn::GetAtt': [httpApiId, 'ApiEndpoint'] }));
    expect(markers).toContain(JSON.stringify({ Ref: wsApiId }));
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
  });
});

describe('the outputs', () => {
  it('give the site, both API URLs and each dead-letter queue', () => {
    const outputs = template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'SiteUrl',
        'HttpApiUrl',
        'WebSocketUrl',
        ...eventBus.rules.map((r) => `${r.name}DeadLetterQueueUrl`),
      ]),
    );
  });
});

describe('cdk-nag', () => {
  it('reports no unacknowledged AwsSolutions errors', () => {
    // cdk-nag 3 is a policy-validation plugin; validateScope runs the same checks `cdk synth` runs.
    const report = new AwsSolutionsChecks().validateScope(app);
    const errors = report.violations
      .filter((v) => v.severity === 'error')
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
    expect(errors).toEqual([]);
  });
});
