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

export interface TextSpan {
  text: string;
  code: boolean;
}

/**
 * Splits text on `backtick` code spans (Pyro writes its examples that way). An unmatched backtick stays text.
 * The page renders each span with textContent, so this never turns text into markup.
 */
export function codeSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const pattern = /`([^`\n]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) spans.push({ text: text.slice(last, index), code: false });
    spans.push({ text: match[1] ?? '', code: true });
    last = index + match[0].length;
  }
  if (last < text.length) spans.push({ text: text.slice(last), code: false });
  return spans;
}
