export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

function dayKey(d: Date, timeZone?: string): string {
  return d.toLocaleDateString('en-CA', { timeZone });
}

/** Time in the reader's local format; older than today also shows the date. */
export function formatTime(iso: string, now: Date, opts: FormatOptions = {}): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const time = d.toLocaleTimeString(opts.locale, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: opts.timeZone,
  });
  if (dayKey(d, opts.timeZone) === dayKey(now, opts.timeZone)) return time;
  const date = d.toLocaleDateString(opts.locale, { month: 'short', day: 'numeric', timeZone: opts.timeZone });
  return `${date}, ${time}`;
}
