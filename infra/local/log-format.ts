/**
 * Functions log structured JSON (Powertools); locally that is hard to read, so each line becomes
 * `HH:MM:SS Function LEVEL message {extra}`. CloudWatch EMF documents (the metrics Powertools writes to stdout,
 * which Lambda's log delivery turns into metrics on AWS) become `HH:MM:SS Function METRIC Name=value …`, so
 * metrics are visible locally too. Lines that are not JSON pass through with the function name.
 */
// Fields every Powertools line carries; locally they are noise.
const HIDDEN = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'cold_start',
  'function_name',
  'function_arn',
  'function_memory_size',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
]);

export function formatLogLine(functionName: string, line: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${functionName.padEnd(14)} ${line}`;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return `${functionName.padEnd(14)} ${line}`;
  }
  const record = entry as Record<string, unknown>;
  const metrics = formatMetrics(record);
  if (metrics !== undefined) return `${metrics.time} ${functionName.padEnd(14)} METRIC ${metrics.text}`;
  const { level, message, timestamp } = record;
  const rest = Object.fromEntries(Object.entries(record).filter(([key]) => !HIDDEN.has(key)));
  const time = typeof timestamp === 'string' ? timestamp.slice(11, 19) : '';
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${time} ${functionName.padEnd(14)} ${String(level ?? 'INFO').padEnd(5)} ${String(message ?? '')}${extra}`;
}

/**
 * An EMF document declares its metric names in `_aws.CloudWatchMetrics[].Metrics[].Name`; the values are the
 * document's top-level keys of those names (a number, or an array of numbers for several values).
 */
function formatMetrics(entry: Record<string, unknown>): { time: string; text: string } | undefined {
  const aws = entry._aws as { Timestamp?: unknown; CloudWatchMetrics?: unknown } | undefined;
  if (typeof aws !== 'object' || aws === null || !Array.isArray(aws.CloudWatchMetrics)) return undefined;
  const names = aws.CloudWatchMetrics.flatMap((directive: { Metrics?: unknown }) =>
    Array.isArray(directive?.Metrics) ? directive.Metrics.map((m: { Name?: unknown }) => m?.Name) : [],
  ).filter((name): name is string => typeof name === 'string');
  const text = [...new Set(names)]
    .map((name) => {
      const value = entry[name];
      return `${name}=${Array.isArray(value) ? value.join(',') : String(value ?? '?')}`;
    })
    .join(' ');
  const at = new Date(typeof aws.Timestamp === 'number' ? aws.Timestamp : Number.NaN);
  return { time: Number.isNaN(at.getTime()) ? '' : at.toISOString().slice(11, 19), text };
}
