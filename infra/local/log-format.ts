/**
 * Functions log structured JSON (Powertools); locally that is hard to read, so each line becomes
 * `HH:MM:SS Function LEVEL message {extra}`. Lines that are not JSON pass through with the function name.
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
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${functionName.padEnd(14)} ${line}`;
  }
  if (typeof entry !== 'object' || entry === null) return `${functionName.padEnd(14)} ${line}`;
  const { level, message, timestamp } = entry;
  const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => !HIDDEN.has(key)));
  const time = typeof timestamp === 'string' ? timestamp.slice(11, 19) : '';
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${time} ${functionName.padEnd(14)} ${String(level ?? 'INFO').padEnd(5)} ${String(message ?? '')}${extra}`;
}
