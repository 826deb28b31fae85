import type { ReminderResult, Reminders, Warn } from '../ports';

export const MAX_REMINDER_HOURS = 24;
export const MAX_REMINDER_TEXT = 500;

export interface RemindDeps {
  reminders: Reminders;
  now(): Date;
  warn?: Warn;
}

export interface ReminderAsk {
  roomId: string;
  name: string;
  /** The asking message's id, for idempotent scheduling (see ReminderRequest.requestId). */
  messageId: string;
}

export type ParsedReminder = { ok: true; minutes: number; what: string } | { ok: false; answer: string };

const usage = `Try \`pyro remind me in 10 minutes to stretch\` (minutes or hours, up to ${MAX_REMINDER_HOURS} hours).`;

const unitMinutes: Record<string, number> = {
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
};

/**
 * Reads what follows "remind": "me in 10 minutes to X" or "me to X in 2 hrs". The amount is digits (decimals
 * allowed, rounded to whole minutes) or "a"/"an" ("in an hour").
 */
export function parseReminder(request: string): ParsedReminder {
  const text = request.trim();
  const inFirst = /^me\s+in\s+(\S+?)\s*(\p{L}+)\s+to\s+(.+)$/isu.exec(text);
  const toFirst = /^me\s+to\s+(.+)\s+in\s+(\S+?)\s*(\p{L}+)[.!]*$/isu.exec(text);
  const [amountText, unitText, whatText] = inFirst
    ? [inFirst[1], inFirst[2], inFirst[3]]
    : toFirst
      ? [toFirst[2], toFirst[3], toFirst[1]]
      : [];
  if (amountText === undefined || unitText === undefined || whatText === undefined) {
    return { ok: false, answer: `I didn't catch when or what. ${usage}` };
  }
  const unit = unitMinutes[unitText.toLowerCase()];
  if (unit === undefined) return { ok: false, answer: `I can count in minutes or hours. ${usage}` };
  const amount = /^(?:a|an)$/i.test(amountText)
    ? 1
    : /^[+-]?\d+(?:\.\d+)?$/.test(amountText)
      ? Number(amountText)
      : NaN;
  if (Number.isNaN(amount)) {
    return {
      ok: false,
      answer: `"${amountText.slice(0, 20)}" is not a number I can use; write it in digits. ${usage}`,
    };
  }
  const minutes = Math.round(amount * unit);
  if (minutes < 1) return { ok: false, answer: `A reminder has to be at least 1 minute away. ${usage}` };
  if (minutes > MAX_REMINDER_HOURS * 60) {
    return { ok: false, answer: `I can only remind you up to ${MAX_REMINDER_HOURS} hours ahead. ${usage}` };
  }
  const what = whatText.trim();
  if (what === '') return { ok: false, answer: `Remind you to do what? ${usage}` };
  if (what.length > MAX_REMINDER_TEXT) {
    return { ok: false, answer: `That's a lot to remember; keep it under ${MAX_REMINDER_TEXT} characters.` };
  }
  return { ok: true, minutes, what };
}

export async function remindReply(request: string, ask: ReminderAsk, deps: RemindDeps): Promise<string> {
  const parsed = parseReminder(request);
  if (!parsed.ok) return parsed.answer;
  const at = new Date(deps.now().getTime() + parsed.minutes * 60_000);
  let result: ReminderResult;
  try {
    result = await deps.reminders.schedule({
      roomId: ask.roomId,
      name: ask.name,
      text: parsed.what,
      at,
      requestId: ask.messageId,
    });
  } catch (err) {
    result = { kind: 'unavailable', reason: err instanceof Error ? err.message : String(err) };
  }
  switch (result.kind) {
    case 'scheduled':
      return `Okay ${ask.name}, I'll remind you at ${clock(at)} UTC (in ${duration(parsed.minutes)}): ${parsed.what}`;
    case 'rejected':
      deps.warn?.('reminder rejected', { reason: result.reason });
      return `Sorry ${ask.name}, I couldn't set that reminder: the scheduler turned it down.`;
    case 'unavailable':
      deps.warn?.('reminder scheduler unavailable', { reason: result.reason });
      return `Sorry ${ask.name}, my reminder service is not answering right now. Try again in a few minutes.`;
  }
}

/** The line Pyro posts when a reminder falls due. */
export function reminderDueReply(name: string, text: string): string {
  return `⏰ ${name}, you asked me to remind you: ${text}`;
}

function clock(at: Date): string {
  return at.toISOString().slice(11, 16);
}

export function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} ${hours === 1 ? 'hour' : 'hours'}`);
  if (rest > 0) parts.push(`${rest} ${rest === 1 ? 'minute' : 'minutes'}`);
  return parts.join(' ');
}
