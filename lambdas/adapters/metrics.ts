import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { FanOutResult } from '../core/fan-out';

/**
 * Custom metrics in CloudWatch embedded metric format (one JSON line on stdout per invocation, which Lambda's
 * log delivery turns into metrics): namespace `Chatty`, dimension `service` = `chatty`. The dashboard and
 * alarms in infra/aws read these names.
 */
export const metrics = new Metrics({ namespace: 'Chatty', serviceName: 'chatty' });

export { MetricUnit };

export function countFanOut(result: FanOutResult): void {
  metrics.addMetric('FanOutDelivered', MetricUnit.Count, result.delivered);
  metrics.addMetric('FanOutGone', MetricUnit.Count, result.gone);
  metrics.addMetric('FanOutThrottled', MetricUnit.Count, result.throttled);
  metrics.addMetric('FanOutFailed', MetricUnit.Count, result.failed);
}

/** Writes what this invocation recorded; invocations that recorded nothing write nothing. */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
