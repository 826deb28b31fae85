import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countFanOut, flushMetrics, MetricUnit, metrics } from '../../../../lambdas/adapters/metrics';
import { captureEmf, declaredMetrics, type EmfDocument } from './emf';

let emf: EmfDocument[];
beforeEach(() => {
  emf = captureEmf();
});
afterEach(() => {
  // Nothing recorded by one test may leak into the next.
  metrics.clearMetrics();
  vi.restoreAllMocks();
});

describe('metrics', () => {
  it('writes one EMF document in namespace Chatty with the service dimension', () => {
    metrics.addMetric('MessagesPosted', MetricUnit.Count, 1);
    flushMetrics();
    expect(emf).toHaveLength(1);
    const [doc] = emf;
    expect(doc?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'Chatty',
      Dimensions: [['service']],
      Metrics: [{ Name: 'MessagesPosted', Unit: 'Count' }],
    });
    expect(doc?.service).toBe('chatty');
    expect(doc?.MessagesPosted).toBe(1);
  });

  it('writes nothing for an invocation that recorded nothing', () => {
    flushMetrics();
    expect(emf).toEqual([]);
  });

  it('empties the buffer when it flushes, so each invocation writes only its own', () => {
    metrics.addMetric('BotReplies', MetricUnit.Count, 1);
    flushMetrics();
    flushMetrics();
    expect(emf).toHaveLength(1);
  });

  it('counts every outcome of a fan-out', () => {
    countFanOut({ delivered: 3, gone: 1, throttled: 0, failed: 2 });
    flushMetrics();
    const [doc] = emf;
    expect(declaredMetrics(doc)).toEqual([
      'FanOutDelivered',
      'FanOutFailed',
      'FanOutGone',
      'FanOutThrottled',
    ]);
    expect(doc).toMatchObject({ FanOutDelivered: 3, FanOutGone: 1, FanOutThrottled: 0, FanOutFailed: 2 });
  });
});
