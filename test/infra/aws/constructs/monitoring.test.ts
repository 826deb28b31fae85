import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChatStack } from '../../../../infra/aws/chat-stack';
import { abuseAlarmThresholds } from '../../../../infra/aws/constructs/monitoring-metrics';
import {
  eventBus,
  functions,
  userPoolTriggers,
  webSocketAuthorizer,
  webSocketStage,
} from '../../../../infra/spec';
import { only } from '../../../lists';

interface CfnResourceJson {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON, read field by field.
  Properties: Record<string, any>;
}
/** One metric line of a dashboard graph: namespace, name, dimension name/value pairs, then rendering options. */
type DashboardMetric = (string | Record<string, unknown>)[];
interface AlarmMetric {
  Id: string;
  Expression?: string;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] };
    Period: number;
    Stat: string;
  };
  ReturnData?: boolean;
}

const alarmEmail = 'ops@example.com';

// One synthesis for the whole file: it bundles every function with esbuild, which takes a while.
let app: App;
let stack: ChatStack;
let resources: Record<string, CfnResourceJson>;
let dashboardMetrics: DashboardMetric[];

beforeAll(() => {
  app = new App({ context: { alarmEmail } });
  stack = new ChatStack(app, 'Chatty', { appVersion: 'test' });
  resources = Template.fromStack(stack).toJSON().Resources;
  const [, dashboard] = only(ofType('AWS::CloudWatch::Dashboard'), 'dashboard');
  // The body is a Fn::Join of JSON text and tokens; tokens render as `<LogicalId>` inside the JSON strings.
  const [, parts] = dashboard.Properties.DashboardBody['Fn::Join'] as [string, unknown[]];
  const body = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : flattenCfnReference(p))).join(''));
  dashboardMetrics = body.widgets.flatMap(
    (w: { properties: { metrics?: DashboardMetric[] } }) => w.properties.metrics ?? [],
  );
}, 180_000);

function ofType(type: string): [string, CfnResourceJson][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

function logicalId(construct: IConstruct): string {
  return stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement));
}

const idOfChild = (...path: string[]) =>
  logicalId(path.reduce<IConstruct>((scope, id) => scope.node.findChild(id), stack));

/** The graphs' lines of one metric, as `{dimension: value}` plus the statistic. */
function graphed(
  namespace: string,
  metricName: string,
): { dimensions: Record<string, string>; stat: unknown }[] {
  return dashboardMetrics
    .filter(([ns, name]) => ns === namespace && name === metricName)
    .map((line) => {
      const strings = line.filter((x): x is string => typeof x === 'string').slice(2);
      const options = line.find((x) => typeof x === 'object') as Record<string, unknown> | undefined;
      const dimensions: Record<string, string> = {};
      for (let i = 0; i + 1 < strings.length; i += 2)
        dimensions[strings[i] as string] = strings[i + 1] as string;
      return { dimensions, stat: options?.stat };
    });
}

/** An alarm's metrics: CloudFormation has a flat form (one plain metric) and a `Metrics` form (math, labels). */
function metricsOf(alarm: CfnResourceJson): AlarmMetric[] {
  const p = alarm.Properties;
  if (p.Metrics) return p.Metrics;
  return [
    {
      Id: 'flat',
      MetricStat: {
        Metric: { Namespace: p.Namespace, MetricName: p.MetricName, Dimensions: p.Dimensions },
        Period: p.Period,
        Stat: p.Statistic ?? p.ExtendedStatistic,
      },
    },
  ];
}

function alarmsOn(namespace: string, metricName: string): CfnResourceJson[] {
  return ofType('AWS::CloudWatch::Alarm')
    .map(([, a]) => a)
    .filter((a) =>
      metricsOf(a).some(
        (m) => m.MetricStat?.Metric.Namespace === namespace && m.MetricStat.Metric.MetricName === metricName,
      ),
    );
}

const dimensionsOf = (alarm: CfnResourceJson) =>
  Object.fromEntries(
    (metricsOf(alarm)[0]?.MetricStat?.Metric.Dimensions ?? []).map((d) => [
      d.Name,
      flattenCfnReference(d.Value),
    ]),
  );

const functionIds = () => functions.map((f) => [f.name, `<${idOfChild(f.name)}>`] as const);

describe('the operations dashboard', () => {
  it('graphs the HTTP API requests, 4xx, 5xx and latency', () => {
    const apiId = `<${idOfChild('HttpApi', 'Api')}>`;
    for (const name of ['Count', '4xx', '5xx', 'Latency']) {
      expect({ [name]: graphed('AWS/ApiGateway', name).map((l) => l.dimensions) }).toEqual({
        [name]: expect.arrayContaining([{ ApiId: apiId }]),
      });
    }
    expect(graphed('AWS/ApiGateway', 'Latency').map((l) => l.stat)).toEqual(['p50', 'p99']);
  });

  it('graphs the WebSocket stage connects, messages, errors and integration latency', () => {
    const stage = { ApiId: `<${idOfChild('WebSocketApi', 'Api')}>`, Stage: webSocketStage };
    for (const name of [
      'ConnectCount',
      'MessageCount',
      'IntegrationError',
      'ClientError',
      'ExecutionError',
      'IntegrationLatency',
    ]) {
      expect({ [name]: graphed('AWS/ApiGateway', name).map((l) => l.dimensions) }).toEqual({
        [name]: expect.arrayContaining([stage]),
      });
    }
  });

  it('graphs every function’s errors, throttles and p50/p99 duration', () => {
    for (const [name, id] of functionIds()) {
      const lines = (metric: string) =>
        graphed('AWS/Lambda', metric).filter((l) => l.dimensions.FunctionName === id);
      expect({ [name]: lines('Errors').map((l) => l.stat) }).toEqual({ [name]: ['Sum'] });
      expect({ [name]: lines('Throttles').map((l) => l.stat) }).toEqual({ [name]: ['Sum'] });
      expect({ [name]: lines('Duration').map((l) => l.stat) }).toEqual({ [name]: ['p50', 'p99'] });
    }
  });

  it('graphs the table’s consumed capacity, throttled requests and user errors', () => {
    const table = `<${idOfChild('Table')}>`;
    for (const name of ['ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits', 'ThrottledRequests']) {
      const tables = graphed('AWS/DynamoDB', name).map((l) => l.dimensions.TableName);
      expect({ [name]: tables.length > 0 && tables.every((t) => t === table) }).toEqual({ [name]: true });
    }
    expect(graphed('AWS/DynamoDB', 'ThrottledRequests').map((l) => l.dimensions.Operation)).toEqual(
      expect.arrayContaining(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query']),
    );
    expect(graphed('AWS/DynamoDB', 'UserErrors')).toHaveLength(1);
  });

  it('graphs each bus rule’s invocations, failures and target retries on the custom bus, and its DLQ', () => {
    const bus = `<${idOfChild('Events', 'Bus')}>`;
    const rules = eventBus.rules.map((rule) => `<${idOfChild('Events', rule.name)}>`);
    for (const name of ['Invocations', 'FailedInvocations', 'RetryInvocationAttempts']) {
      expect({ [name]: graphed('AWS/Events', name).map((l) => l.dimensions) }).toEqual({
        [name]: rules.map((ruleName) => ({ EventBusName: bus, RuleName: ruleName })),
      });
    }
    const queues = eventBus.rules.map(
      (rule) => `<${idOfChild('Events', `${rule.name}DeadLetters`)}.QueueName>`,
    );
    expect(graphed('AWS/SQS', 'ApproximateNumberOfMessagesVisible').map((l) => l.dimensions)).toEqual(
      queues.map((queue) => ({ QueueName: queue })),
    );
  });

  it('graphs the application’s own metrics in the Chatty namespace for service chatty', () => {
    for (const name of [
      'MessagesPosted',
      'FanOutDelivered',
      'FanOutGone',
      'FanOutThrottled',
      'BotReplies',
      'BotErrors',
      'BotLatency',
      'RateLimited',
    ]) {
      expect({ [name]: graphed('Chatty', name).map((l) => l.dimensions) }).toEqual({
        [name]: expect.arrayContaining([{ service: 'chatty' }]),
      });
    }
    expect(graphed('Chatty', 'BotLatency').map((l) => l.stat)).toEqual(['p50', 'p99']);
  });

  it('graphs the canary’s success percentage', () => {
    const canary = `<${idOfChild('Monitoring', 'HealthCanary', 'Canary')}>`;
    expect(graphed('CloudWatchSynthetics', 'SuccessPercent').map((l) => l.dimensions)).toEqual([
      { CanaryName: canary },
    ]);
  });
});

describe('the alarms', () => {
  it('fire when more than 1% of HTTP API requests fail with 5xx over 5 minutes, computed as 5xx / Count', () => {
    const [alarm] = alarmsOn('AWS/ApiGateway', '5xx');
    expect(alarm?.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    const metrics = alarm ? metricsOf(alarm) : [];
    const byName: Record<string, AlarmMetric> = Object.fromEntries(
      metrics.filter((m) => m.MetricStat).map((m) => [m.MetricStat?.Metric.MetricName, m]),
    );
    expect(Object.keys(byName).sort()).toEqual(['5xx', 'Count']);
    for (const m of Object.values(byName)) expect(m.MetricStat).toMatchObject({ Period: 300, Stat: 'Sum' });
    const [expression] = metrics.filter((m) => m.Expression);
    expect(expression?.ReturnData).toBe(true);
    expect(expression?.Expression).toContain(`100 * ${byName['5xx']?.Id} / ${byName.Count?.Id}`);
  });

  it('fire on any error of any function, one alarm per function, ignoring periods without data', () => {
    const alarms = alarmsOn('AWS/Lambda', 'Errors');
    for (const [name, id] of functionIds()) {
      const mine = alarms.filter((a) =>
        metricsOf(a).some((m) =>
          (m.MetricStat?.Metric.Dimensions ?? []).some(
            (d) => d.Name === 'FunctionName' && flattenCfnReference(d.Value) === id,
          ),
        ),
      );
      expect({ [name]: mine.length }).toEqual({ [name]: 1 });
      expect(mine[0]?.Properties).toMatchObject({
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
      const errors = mine[0] && metricsOf(mine[0]).find((m) => m.MetricStat?.Metric.MetricName === 'Errors');
      expect(errors?.MetricStat).toMatchObject({ Period: 300, Stat: 'Sum' });
    }
  });

  it('do not count refused WebSocket tokens (the authorizer throws Unauthorized for a 401) as authorizer errors', () => {
    const [, filter] =
      ofType('AWS::Logs::MetricFilter').find(
        ([, f]) => f.Properties.LogGroupName.Ref === idOfChild(`${webSocketAuthorizer.function}Logs`),
      ) ?? [];
    // The Node.js runtime logs a thrown error as `ERROR Invoke Error {"errorType":…,"errorMessage":"Unauthorized"…}`.
    expect(filter?.Properties.FilterPattern).toBe('"Invoke Error" "Unauthorized"');
    const [transformation] = filter?.Properties.MetricTransformations ?? [];
    expect(transformation).toMatchObject({ MetricNamespace: 'Chatty/Chatty', MetricName: 'TokensRefused' });

    const id = `<${idOfChild(webSocketAuthorizer.function)}>`;
    const [alarm] = alarmsOn('AWS/Lambda', 'Errors').filter((a) =>
      metricsOf(a).some((m) =>
        (m.MetricStat?.Metric.Dimensions ?? []).some((d) => flattenCfnReference(d.Value) === id),
      ),
    );
    const metrics = alarm ? metricsOf(alarm) : [];
    const expression = metrics.find((m) => m.Expression);
    expect(expression?.Expression).toBe('FILL(errors, 0) - FILL(refused, 0)');
    expect(metrics.find((m) => m.Id === 'refused')?.MetricStat?.Metric).toMatchObject({
      Namespace: 'Chatty/Chatty',
      MetricName: 'TokensRefused',
    });
    expect(alarm?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('do not count refused sign-ups (the PreSignUp trigger throws SignUpRefused for a taken name) as its errors', () => {
    const [, filter] =
      ofType('AWS::Logs::MetricFilter').find(
        ([, f]) => f.Properties.LogGroupName.Ref === idOfChild(`${userPoolTriggers.preSignUp}Logs`),
      ) ?? [];
    // `ERROR Invoke Error {"errorType":"SignUpRefused","errorMessage":"That name is taken",…}`
    expect(filter?.Properties.FilterPattern).toBe('"Invoke Error" "SignUpRefused"');
    const [transformation] = filter?.Properties.MetricTransformations ?? [];
    expect(transformation).toMatchObject({ MetricNamespace: 'Chatty/Chatty', MetricName: 'SignUpsRefused' });

    const id = `<${idOfChild(userPoolTriggers.preSignUp)}>`;
    const [alarm, ...others] = alarmsOn('AWS/Lambda', 'Errors').filter((a) =>
      metricsOf(a).some((m) =>
        (m.MetricStat?.Metric.Dimensions ?? []).some((d) => flattenCfnReference(d.Value) === id),
      ),
    );
    expect(others).toEqual([]);
    const metrics = alarm ? metricsOf(alarm) : [];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('FILL(errors, 0) - FILL(refused, 0)');
    expect(metrics.find((m) => m.Id === 'refused')?.MetricStat?.Metric).toMatchObject({
      Namespace: 'Chatty/Chatty',
      MetricName: 'SignUpsRefused',
    });
    expect(alarm?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('fire on a spike of requests refused by a usage limit (RateLimited in namespace Chatty)', () => {
    const [alarm, ...others] = alarmsOn('Chatty', 'RateLimited');
    expect(others).toEqual([]);
    expect(alarm?.Properties).toMatchObject({
      Threshold: abuseAlarmThresholds.rateLimited,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm && metricsOf(alarm)[0]?.MetricStat).toMatchObject({
      Metric: {
        Namespace: 'Chatty',
        MetricName: 'RateLimited',
        Dimensions: [{ Name: 'service', Value: 'chatty' }],
      },
      Period: 300,
      Stat: 'Sum',
    });
  });

  it('fire on a spike of WebSocket connections refused for a bad token (the authorizer’s TokensRefused)', () => {
    const spikes = alarmsOn('Chatty/Chatty', 'TokensRefused').filter(
      (a) => !metricsOf(a).some((m) => m.Expression),
    );
    expect(spikes).toHaveLength(1);
    expect(spikes[0]?.Properties).toMatchObject({
      Threshold: abuseAlarmThresholds.tokensRefused,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(spikes[0] && metricsOf(spikes[0])[0]?.MetricStat).toMatchObject({ Period: 300, Stat: 'Sum' });
  });

  it('fire when Lambda throttles any function', () => {
    const alarms = alarmsOn('AWS/Lambda', 'Throttles');
    for (const [name, id] of functionIds()) {
      const mine = alarms.filter((a) => dimensionsOf(a).FunctionName === id);
      expect({ [name]: mine.length }).toEqual({ [name]: 1 });
      expect(mine[0]?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      expect(mine[0] && metricsOf(mine[0])[0]?.MetricStat).toMatchObject({ Period: 300, Stat: 'Sum' });
    }
  });

  it('fire as soon as one event waits in a dead-letter queue', () => {
    const alarms = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
    expect(alarms).toHaveLength(eventBus.rules.length);
    for (const rule of eventBus.rules) {
      const queue = `<${idOfChild('Events', `${rule.name}DeadLetters`)}.QueueName>`;
      const [alarm] = alarms.filter((a) => dimensionsOf(a).QueueName === queue);
      expect(alarm?.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(alarm && metricsOf(alarm)[0]?.MetricStat).toMatchObject({ Period: 300, Stat: 'Maximum' });
    }
  });

  it('fire on any throttled table request, summing the operations with missing ones as zero', () => {
    const [alarm] = alarmsOn('AWS/DynamoDB', 'ThrottledRequests');
    expect(alarm?.Properties).toMatchObject({
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    const metrics = alarm ? metricsOf(alarm) : [];
    const operations = metrics.filter((m) => m.MetricStat);
    expect(operations.length).toBeGreaterThanOrEqual(5);
    const expression = metrics.find((m) => m.Expression)?.Expression ?? '';
    for (const m of operations) expect(expression).toContain(`FILL(${m.Id}, 0)`);
  });

  it('fire when the canary fails in 2 of 3 five-minute periods, not before its first run, and notify when it stops reporting', () => {
    const [alarm] = alarmsOn('CloudWatchSynthetics', 'SuccessPercent');
    expect(alarm?.Properties).toMatchObject({
      Threshold: 100,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      // No data before the first run: INSUFFICIENT_DATA, not ALARM, on a fresh deploy.
      TreatMissingData: 'missing',
      InsufficientDataActions: [{ Ref: idOfChild('Monitoring', 'AlarmTopic') }],
    });
    expect(alarm && metricsOf(alarm)[0]?.MetricStat).toMatchObject({ Period: 300, Stat: 'Average' });
  });

  it('all notify the alarm topic, when they fire and when they recover', () => {
    const topic = idOfChild('Monitoring', 'AlarmTopic');
    const alarms = ofType('AWS::CloudWatch::Alarm');
    // Per function errors and throttles, per rule dead letters; HTTP 5xx, table throttles, the canary, and the
    // two abuse alarms.
    expect(alarms.length).toBe(2 * functions.length + eventBus.rules.length + 5);
    for (const [id, alarm] of alarms) {
      expect({ [id]: [alarm.Properties.AlarmActions, alarm.Properties.OKActions] }).toEqual({
        [id]: [[{ Ref: topic }], [{ Ref: topic }]],
      });
    }
  });
});

describe('the monthly budget', () => {
  it('is not created unless asked for with -c budgetUsd', () => {
    expect(ofType('AWS::Budgets::Budget')).toEqual([]);
  });

  it('is created with -c budgetUsd and e-mails the alarm address', () => {
    const withBudget = new ChatStack(
      new App({ context: { alarmEmail, 'aws:cdk:bundling-stacks': [] } }),
      'Chatty',
      {
        appVersion: 'test',
        budgetUsd: 40,
      },
    );
    const [budget, ...others] = Object.values(
      Template.fromStack(withBudget).findResources('AWS::Budgets::Budget'),
    );
    expect(others).toEqual([]);
    expect(budget?.Properties.Budget.BudgetLimit).toEqual({ Amount: 40, Unit: 'USD' });
    expect(budget?.Properties.NotificationsWithSubscribers[0].Subscribers).toEqual([
      { SubscriptionType: 'EMAIL', Address: alarmEmail },
    ]);
  });
});

describe('the alarm topic', () => {
  it('is encrypted with a rotated key that CloudWatch may use, and refuses publishing without TLS', () => {
    const topic = idOfChild('Monitoring', 'AlarmTopic');
    const key = idOfChild('Monitoring', 'AlarmTopicKey');
    expect(resources[topic]?.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
    expect(resources[key]?.Properties.EnableKeyRotation).toBe(true);
    expect(resources[key]?.Properties.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        }),
      ]),
    );
    const [, policy] = only(ofType('AWS::SNS::TopicPolicy'), 'topic policy');
    expect(policy.Properties.Topics).toEqual([{ Ref: topic }]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({
          Effect: 'Allow',
          Action: 'sns:Publish',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
        }),
      ]),
    );
  });

  it('e-mails the address given as context alarmEmail', () => {
    const topic = idOfChild('Monitoring', 'AlarmTopic');
    expect(ofType('AWS::SNS::Subscription').map(([, s]) => s.Properties)).toEqual([
      { Protocol: 'email', Endpoint: alarmEmail, TopicArn: { Ref: topic } },
    ]);
  });
});

describe('the health canary', () => {
  it('runs index.handler on the Playwright 6.0 runtime every 5 minutes against both deployed APIs', () => {
    const [, canary] = only(ofType('AWS::Synthetics::Canary'), 'canary');
    expect(canary.Properties).toMatchObject({
      RuntimeVersion: 'syn-nodejs-playwright-6.0',
      Code: { Handler: 'index.handler' },
      Schedule: { Expression: 'rate(5 minutes)' },
      StartCanaryAfterCreation: true,
    });
    const env = canary.Properties.RunConfig.EnvironmentVariables;
    expect(env.CHATTY_HTTP_API_URL).toEqual({ 'Fn::GetAtt': [idOfChild('HttpApi', 'Api'), 'ApiEndpoint'] });
    expect(flattenCfnReference(env.CHATTY_WEBSOCKET_URL)).toBe(
      `wss://<${idOfChild('WebSocketApi', 'Api')}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/${webSocketStage}`,
    );
  });

  it('keeps its artifacts in an encrypted, TLS-only bucket that expires them', () => {
    const bucket = idOfChild('Monitoring', 'HealthCanary', 'Artifacts');
    const properties = resources[bucket]?.Properties;
    expect(properties?.BucketEncryption).toBeDefined();
    expect(properties?.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ Status: 'Enabled', ExpirationInDays: expect.any(Number) }),
    ]);
    const policies = ofType('AWS::S3::BucketPolicy').filter(([, p]) => p.Properties.Bucket.Ref === bucket);
    expect(policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    );
  });
});

describe('cdk-nag', () => {
  it('reports no unacknowledged AwsSolutions errors with monitoring in the stack', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const errors = report.violations
      .filter((v) => v.severity === 'error')
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
    expect(errors).toEqual([]);
  });
});
