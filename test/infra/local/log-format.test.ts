import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../../infra/local/log-format';

const powertoolsLine = (fields: Record<string, unknown>) =>
  JSON.stringify({
    level: 'INFO',
    message: 'message posted',
    timestamp: '2024-05-01T12:34:56.789Z',
    service: 'chatty',
    cold_start: true,
    function_name: 'PostMessage',
    function_request_id: 'req-1',
    sampling_rate: 0,
    ...fields,
  });

describe('formatLogLine', () => {
  it('turns a Powertools line into time, function, level and message, dropping the usual fields', () => {
    expect(formatLogLine('PostMessage', powertoolsLine({}))).toBe(
      '12:34:56 PostMessage    INFO  message posted',
    );
  });

  it('keeps the extra keys of a line as compact JSON', () => {
    const line = powertoolsLine({ level: 'ERROR', correlation_id: 'm-1', fanOut: { delivered: 2 } });
    expect(formatLogLine('Bot', line)).toBe(
      '12:34:56 Bot            ERROR message posted {"correlation_id":"m-1","fanOut":{"delivered":2}}',
    );
  });

  it('passes a line that is not a JSON object through with the function name', () => {
    expect(formatLogLine('Bot', 'plain text')).toBe('Bot            plain text');
    expect(formatLogLine('Bot', '42')).toBe('Bot            42');
    expect(formatLogLine('Bot', '[1,2]')).toBe('Bot            [1,2]');
  });

  it('shows an EMF document as its metrics and their values', () => {
    const emf = JSON.stringify({
      _aws: {
        Timestamp: Date.parse('2024-05-01T07:08:09.000Z'),
        CloudWatchMetrics: [
          {
            Namespace: 'Chatty',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'MessagesPosted', Unit: 'Count' },
              { Name: 'FanOutDelivered', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'chatty',
      MessagesPosted: 1,
      FanOutDelivered: 3,
    });
    expect(formatLogLine('PostMessage', emf)).toBe(
      '07:08:09 PostMessage    METRIC MessagesPosted=1 FanOutDelivered=3',
    );
  });

  it('lists several values of one metric, and marks a declared metric without a value', () => {
    const emf = JSON.stringify({
      _aws: {
        Timestamp: 0,
        CloudWatchMetrics: [
          { Namespace: 'Chatty', Metrics: [{ Name: 'BotLatency' }, { Name: 'BotReplies' }] },
        ],
      },
      BotLatency: [120, 80],
    });
    expect(formatLogLine('Bot', emf)).toBe('00:00:00 Bot            METRIC BotLatency=120,80 BotReplies=?');
  });

  it('reads the EMF document Powertools Metrics writes', async () => {
    const { Metrics, MetricUnit } = await import('@aws-lambda-powertools/metrics');
    const metrics = new Metrics({ namespace: 'Chatty', serviceName: 'chatty' });
    metrics.addMetric('BotReplies', MetricUnit.Count, 1);
    metrics.addMetric('BotLatency', MetricUnit.Milliseconds, 250);
    const line = JSON.stringify(metrics.serializeMetrics());
    expect(formatLogLine('Bot', line)).toMatch(
      /^\d{2}:\d{2}:\d{2} Bot {12}METRIC BotReplies=1 BotLatency=250$/,
    );
  });
});
