import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi, IWebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  type Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IRule } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { userPoolTriggers, webSocketAuthorizer } from '../../spec';
import type { ChatEventBus } from './chat-event-bus';
import { HealthCanary } from './health-canary';
import { MonthlyBudget } from './monitoring-budget';
import {
  abuseAlarmThresholds,
  customMetric,
  customMetrics,
  httpApiMetrics,
  percentiles,
  period,
  ruleMetrics,
  sum,
  tableMetrics,
  webSocketMetrics,
} from './monitoring-metrics';

export interface MonitoringProps {
  httpApi: IHttpApi;
  /** The HTTP API's base URL and the WebSocket stage's wss:// URL, for the canary. */
  httpApiUrl: string;
  webSocketStage: IWebSocketStage;
  webSocketUrl: string;
  /** Every function, by spec name. */
  functions: ReadonlyMap<string, LambdaFunction>;
  table: Table;
  events: ChatEventBus;
  /** The names of the bus rules (children of `events`, each with its dead-letter queue). */
  ruleNames: readonly string[];
  /** Subscribes this address to the alarm topic (context `alarmEmail`); it must confirm the subscription. */
  alarmEmail?: string;
  /** A monthly cost budget in US dollars (context `budgetUsd`), e-mailing `alarmEmail`. */
  budgetUsd?: number;
}

/**
 * Operations: the Chatty dashboard, the alarms (to one encrypted SNS topic) and the health canary.
 *
 * Function errors and throttles get one alarm per function rather than a metric-math sum: an alarm math
 * expression may use at most 10 metrics (there are more functions than that), and the alarm's name then says
 * which function fails.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly canary: HealthCanary;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  readonly budget?: MonthlyBudget;
  /** The WebSocket authorizer's refused tokens (a metric filter on its log), set by monitorFunctions. */
  private tokensRefused?: Metric;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = this.alarmTopic(props.alarmEmail);
    this.canary = new HealthCanary(this, 'HealthCanary', {
      httpApiUrl: props.httpApiUrl,
      webSocketUrl: props.webSocketUrl,
    });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
    });

    this.monitorApis(props);
    this.monitorFunctions(props.functions);
    this.monitorTable(props.table);
    this.monitorEvents(props.events, props.ruleNames);
    this.monitorApplication();
    this.monitorAbuse();
    this.monitorCanary();
    if (props.budgetUsd !== undefined) {
      this.budget = new MonthlyBudget(this, 'MonthlyBudget', {
        usd: props.budgetUsd,
        email: props.alarmEmail,
      });
    }
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 }),
    );
  }

  private monitorApis({ httpApi, webSocketStage }: MonitoringProps): void {
    const http = httpApiMetrics(httpApi);
    const ws = webSocketMetrics(webSocketStage);
    this.dashboard.addWidgets(
      graph('HTTP API requests', [http.count]),
      graph('HTTP API errors', [http.clientErrors, http.serverErrors]),
      graph('HTTP API latency (ms)', http.latency),
    );
    this.dashboard.addWidgets(
      graph('WebSocket connects and messages', [ws.connects, ws.messages]),
      graph('WebSocket errors', [ws.integrationErrors, ws.clientErrors, ws.executionErrors]),
      graph('WebSocket integration latency (ms)', ws.integrationLatency),
    );
    this.alarm('HttpApi5xxRate', {
      description: 'More than 1% of HTTP API requests answered 5xx over 5 minutes',
      // Without requests there is no rate (and no data): that is not an outage.
      metric: new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { errors: http.serverErrors, requests: http.count },
        period,
        label: 'HTTP 5xx rate (%)',
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }

  private monitorFunctions(functions: ReadonlyMap<string, LambdaFunction>): void {
    const each = (metric: (fn: IFunction, name: string) => Metric) =>
      [...functions].map(([name, fn]) => metric(fn, name));
    this.dashboard.addWidgets(
      graph(
        'Function errors',
        each((fn, name) => sum(fn.metricErrors(), name)),
        12,
      ),
      graph(
        'Function throttles',
        each((fn, name) => sum(fn.metricThrottles(), name)),
        12,
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Function duration p50 (ms)',
        each((fn, name) => fn.metricDuration({ statistic: 'p50', period, label: name })),
        12,
      ),
      graph(
        'Function duration p99 (ms)',
        each((fn, name) => fn.metricDuration({ statistic: 'p99', period, label: name })),
        12,
      ),
    );
    for (const [name, fn] of functions) {
      this.alarm(`${name}Errors`, {
        description: `The ${name} function threw errors in the last 5 minutes`,
        metric: this.failuresOf(name, fn),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      this.alarm(`${name}Throttles`, {
        description: `Lambda throttled the ${name} function in the last 5 minutes (concurrency exhausted)`,
        metric: sum(fn.metricThrottles()),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
  }

  /** What a function's errors alarm counts: its Errors, less the refusals of a function that refuses by throwing. */
  private failuresOf(name: string, fn: LambdaFunction): IMetric {
    if (name === webSocketAuthorizer.function) return this.authorizerFailures(fn);
    if (name === userPoolTriggers.preSignUp) return this.preSignUpFailures(fn);
    return sum(fn.metricErrors());
  }

  /**
   * The WebSocket authorizer refuses a bad token by throwing `Unauthorized`: that is how a Lambda authorizer
   * makes API Gateway answer 401 (a Deny policy gives 403), and Lambda counts it in Errors like any failure.
   * Refusals are people with stale links, not faults: this counts them from the function's log (the Node.js
   * runtime logs a thrown error as `ERROR Invoke Error {"errorType":"Error","errorMessage":"Unauthorized",…}`)
   * and alarms on Errors minus refusals, so timeouts, crashes and failed secret reads still alarm.
   */
  private authorizerFailures(fn: LambdaFunction): MathExpression {
    const refused = this.refusals(fn, 'TokensRefused', 'Unauthorized', 'Tokens refused');
    this.tokensRefused = refused;
    this.dashboard.addWidgets(graph('WebSocket tokens refused (401)', [refused], 12));
    return errorsOtherThan(fn, refused, `${webSocketAuthorizer.function} errors other than refused tokens`);
  }

  /**
   * The PreSignUp trigger refuses a taken or reserved username by throwing `SignUpRefused` (how a trigger makes
   * Cognito refuse a sign-up), and Lambda counts that in Errors too: people choosing a name in use, not faults.
   * Counted and left out as the authorizer's refusals are.
   */
  private preSignUpFailures(fn: LambdaFunction): MathExpression {
    const refused = this.refusals(fn, 'SignUpsRefused', 'SignUpRefused', 'Sign-ups refused');
    this.dashboard.addWidgets(graph('Sign-ups refused (name taken or reserved)', [refused], 12));
    return errorsOtherThan(fn, refused, `${userPoolTriggers.preSignUp} errors other than refused sign-ups`);
  }

  /** A count of the errors a function logged with `errorType` (or message) `term`, from its log group. */
  private refusals(fn: LambdaFunction, metricName: string, term: string, label: string): Metric {
    const filter = new MetricFilter(this, metricName, {
      logGroup: fn.logGroup,
      filterPattern: FilterPattern.allTerms('Invoke Error', term),
      // Per stack, so stage copies in one account do not subtract each other's refusals.
      metricNamespace: `Chatty/${Stack.of(this).stackName}`,
      metricName,
      metricValue: '1',
    });
    return filter.metric({ statistic: 'Sum', period, label });
  }

  private monitorTable(table: Table): void {
    const metrics = tableMetrics(table);
    this.dashboard.addWidgets(
      graph('Table consumed capacity', [metrics.consumedRead, metrics.consumedWrite], 12),
      graph('Table throttles and user errors', [...metrics.throttledByOperation, metrics.userErrors], 12),
    );
    this.alarm('TableThrottles', {
      description: 'DynamoDB throttled requests to the chat table in the last 5 minutes',
      metric: metrics.throttled,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }

  private monitorEvents(events: ChatEventBus, ruleNames: readonly string[]): void {
    for (const ruleName of ruleNames) {
      const rule = events.node.findChild(ruleName) as IRule;
      const deadLetters = events.deadLetterQueues.get(ruleName);
      if (!deadLetters) throw new Error(`infra/aws: the ${ruleName} rule has no dead-letter queue`);
      const metrics = ruleMetrics(events.bus, rule, ruleName);
      const waiting = deadLetters.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period,
        label: `${ruleName} dead letters`,
      });
      this.dashboard.addWidgets(
        graph(`${ruleName} rule deliveries`, [metrics.invocations, metrics.failedInvocations]),
        graph(`${ruleName} target retries`, [metrics.retries, metrics.sentToDlq]),
        graph(`${ruleName} dead-letter queue`, [waiting]),
      );
      this.alarm(`${ruleName}DeadLetters`, {
        description: `Events the ${ruleName} rule could not deliver are waiting in its dead-letter queue`,
        metric: waiting,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }
  }

  private monitorApplication(): void {
    const counter = (name: string) => customMetric(name, { label: name });
    this.dashboard.addWidgets(
      graph(
        'Messages and fan-out',
        ['MessagesPosted', 'FanOutDelivered', 'FanOutGone', 'FanOutThrottled'].map(counter),
      ),
      graph('Pyro', ['BotReplies', 'BotErrors', 'RateLimited'].map(counter)),
      graph(
        'Pyro latency (ms)',
        customMetrics.latencies.flatMap((name) => percentiles(customMetric(name), name)),
      ),
    );
  }

  /**
   * Someone hammering the service: limits refusing requests (every 429 the functions answer — HTTP, socket
   * frames and `$connect` — publishes `RateLimited`), or connections refused for bad tokens. A person who
   * types fast meets a limit now and then; the thresholds (monitoring-metrics.ts) sit far above that.
   */
  private monitorAbuse(): void {
    this.alarm('RateLimitedSpike', {
      description: `More than ${abuseAlarmThresholds.rateLimited} requests refused by a usage limit (429) in 5 minutes: someone is flooding the service`,
      metric: customMetric('RateLimited', { label: 'RateLimited' }),
      threshold: abuseAlarmThresholds.rateLimited,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    if (!this.tokensRefused) {
      throw new Error(
        'infra/aws: monitorAbuse needs the WebSocket authorizer’s refusals (monitorFunctions first)',
      );
    }
    this.alarm('RefusedConnectionsSpike', {
      description: `More than ${abuseAlarmThresholds.tokensRefused} WebSocket connections refused for a bad or missing token in 5 minutes`,
      metric: this.tokensRefused,
      threshold: abuseAlarmThresholds.tokensRefused,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }

  private monitorCanary(): void {
    const success = this.canary.canary.metricSuccessPercent({ period, label: 'Canary success %' });
    this.dashboard.addWidgets(
      graph('Canary success (%)', [success], 12),
      graph(
        'Canary duration (ms)',
        [this.canary.canary.metricDuration({ period, label: 'Canary duration' })],
        12,
      ),
    );
    this.alarm('CanaryFailing', {
      description: 'The health canary (sign in, pyro help, /health/deep) failed in 2 of the last 3 runs',
      metric: success,
      threshold: 100,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      // Before the first run (a fresh deploy) there is no data, which must not alarm: with MISSING the alarm
      // waits in INSUFFICIENT_DATA. A canary that later stops reporting goes back to INSUFFICIENT_DATA, and that
      // transition notifies the topic too, so silence is still noticed.
      treatMissingData: TreatMissingData.MISSING,
    }).addInsufficientDataAction(new SnsAction(this.topic));
  }

  private alarm(
    id: string,
    options: {
      description: string;
      metric: IMetric;
      threshold: number;
      comparisonOperator: ComparisonOperator;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
      treatMissingData?: TreatMissingData;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: options.comparisonOperator,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      datapointsToAlarm: options.datapointsToAlarm,
      // Error counts are only published when something happens: silence means all is well.
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * Alarms publish here. SSE needs a customer-managed key: the AWS-managed alias/aws/sns key cannot be shared
   * with CloudWatch, which must encrypt what it publishes.
   */
  private alarmTopic(alarmEmail: string | undefined): Topic {
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Chatty: encrypts the alarm notifications topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Chatty alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL gives the topic an explicit policy, which replaces the default one; say who may publish.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    if (alarmEmail) topic.addSubscription(new EmailSubscription(alarmEmail));
    return topic;
  }
}

/** A line graph; three to a row by default (the dashboard grid is 24 wide). */
function graph(title: string, metrics: readonly IMetric[], width = 8): GraphWidget {
  return new GraphWidget({ title, left: [...metrics], width, height: 6 });
}

/** A function's Errors less its refusals. */
function errorsOtherThan(fn: LambdaFunction, refused: Metric, label: string): MathExpression {
  return new MathExpression({
    // Both are published only when non-zero (FILL makes the gaps 0). A refusal logged just after its period
    // can make a datapoint negative; the alarm fires above 0, so that only errs on the quiet side.
    expression: 'FILL(errors, 0) - FILL(refused, 0)',
    usingMetrics: { errors: sum(fn.metricErrors()), refused },
    period,
    label,
  });
}
