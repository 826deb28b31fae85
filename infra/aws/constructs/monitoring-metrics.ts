import { Duration } from 'aws-cdk-lib';
import type { IHttpApi, IWebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { MathExpression, Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus, IRule } from 'aws-cdk-lib/aws-events';

/** Every graph and alarm looks at 5-minute periods unless it says otherwise. */
export const period = Duration.minutes(5);

/**
 * The application's own metrics (Powertools Metrics, EMF): namespace `Chatty`, the default `service` dimension.
 * The handlers must emit exactly these names for the dashboard to show them.
 */
export const customMetrics = {
  namespace: 'Chatty',
  dimensions: { service: 'chatty' },
  counters: [
    'MessagesPosted',
    'FanOutDelivered',
    'FanOutGone',
    'FanOutThrottled',
    'RateLimited',
    'BotReplies',
    'BotErrors',
  ],
  latencies: ['BotLatency'],
} as const;

/**
 * The abuse alarms' thresholds, per 5 minutes. A person meets a limit now and then (a burst of messages, a
 * stale link's token); 100 refusals in 5 minutes is one every 3 seconds without a pause: a script, not a person.
 */
export const abuseAlarmThresholds = { rateLimited: 100, tokensRefused: 100 } as const;

export function customMetric(metricName: string, options: MetricOptions = {}): Metric {
  return new Metric({
    namespace: customMetrics.namespace,
    metricName,
    dimensionsMap: { ...customMetrics.dimensions },
    statistic: 'Sum',
    period,
    ...options,
  });
}

export const sum = (metric: Metric, label?: string): Metric =>
  metric.with({ statistic: 'Sum', period, label });

export function percentiles(metric: Metric, label: string): Metric[] {
  return ['p50', 'p99'].map((statistic) =>
    metric.with({ statistic, period, label: `${label} ${statistic}` }),
  );
}

/** HTTP API metrics: the ones API Gateway names `4xx` and `5xx` are per-request 0/1, so their Sum counts errors. */
export function httpApiMetrics(api: IHttpApi) {
  return {
    count: sum(api.metricCount(), 'Requests'),
    clientErrors: sum(api.metricClientError(), '4xx'),
    serverErrors: sum(api.metricServerError(), '5xx'),
    latency: percentiles(api.metricLatency(), 'Latency'),
  };
}

/** WebSocket API metrics, per stage (dimensions ApiId + Stage). */
export function webSocketMetrics(stage: IWebSocketStage) {
  const named = (name: string) => sum(stage.metric(name), name);
  return {
    connects: named('ConnectCount'),
    messages: named('MessageCount'),
    integrationErrors: named('IntegrationError'),
    clientErrors: named('ClientError'),
    executionErrors: named('ExecutionError'),
    integrationLatency: percentiles(stage.metric('IntegrationLatency'), 'IntegrationLatency'),
  };
}

/** The DynamoDB operations the adapters use (lambdas/adapters): ThrottledRequests is reported per operation. */
export const tableOperations = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
];

export function tableMetrics(table: Table) {
  const throttledById = tableOperations.map(
    (op) =>
      [
        op.toLowerCase(),
        sum(table.metricThrottledRequestsForOperation(op), `ThrottledRequests ${op}`),
      ] as const,
  );
  const throttledByOperation = throttledById.map(([, metric]) => metric);
  return {
    consumedRead: sum(table.metricConsumedReadCapacityUnits(), 'Consumed RCU'),
    consumedWrite: sum(table.metricConsumedWriteCapacityUnits(), 'Consumed WCU'),
    throttledByOperation,
    // UserErrors has no TableName dimension: it counts 4xx answers for every table in the account and region.
    userErrors: sum(table.metricUserErrors(), 'UserErrors (account)'),
    /**
     * All throttled requests of the table as one series. Each operation reports only when it is throttled;
     * FILL makes a silent operation count as 0 instead of blanking the sum.
     */
    throttled: new MathExpression({
      expression: throttledById.map(([id]) => `FILL(${id}, 0)`).join(' + '),
      usingMetrics: Object.fromEntries(throttledById),
      period,
      label: 'ThrottledRequests',
    }),
  };
}

/**
 * A rule's delivery metrics. Rules on a custom bus report with both the EventBusName and RuleName dimensions
 * (RuleName alone means the default bus): EventBridge user guide, "Monitoring Amazon EventBridge". CDK's
 * `rule.metric…` helpers use RuleName alone, which graphs nothing for this bus. Invocations/FailedInvocations
 * are only sent when non-zero.
 */
export function ruleMetrics(bus: IEventBus, rule: IRule, ruleLabel: string) {
  const named = (metricName: string) =>
    new Metric({
      namespace: 'AWS/Events',
      metricName,
      dimensionsMap: { EventBusName: bus.eventBusName, RuleName: rule.ruleName },
      statistic: 'Sum',
      period,
      label: `${ruleLabel} ${metricName}`,
    });
  return {
    invocations: named('Invocations'),
    failedInvocations: named('FailedInvocations'),
    retries: named('RetryInvocationAttempts'),
    sentToDlq: named('InvocationsSentToDlq'),
  };
}
