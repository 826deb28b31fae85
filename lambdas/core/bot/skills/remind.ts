import type { SenderType } from '../../types';
import type {
  ReminderBook,
  ReminderLimits,
  ReminderRequest,
  ReminderResult,
  Reminders,
  Warn,
} from '../ports';

export const MAX_REMINDER_HOURS = 24;

export interface RemindDeps {
  reminders: Reminders;
  reminderBook: ReminderBook;
  reminderLimits: ReminderLimits;
  now(): Date;
  warn?: Warn;
}

export interface ReminderAsk {
  roomId: string;
  name: string;
  /** How the asker signed in: a guest keeps fewer reminders pending than an account. */
  senderType: SenderType;
  /** The asking message's id, for idempotent scheduling (see ReminderRequest.requestId). */
  messageId: string;
  /**
   * When the asking message was posted (ISO-8601). The reminder is due that long after it, not after now: a
   * redelivered message then asks for the very same reminder, and its reply states the same time.
   */
  createdAt: string;
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
export function parseReminder(request: string, maxText: number): ParsedReminder {
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
  if (what.length > maxText) {
    return {
      ok: false,
      answer: `That's a lot to remember: a reminder can be at most ${maxText} characters (yours has ${what.length}).`,
    };
  }
  return { ok: true, minutes, what };
}

/**
 * Sets a reminder: takes its places in the person's and the room's allowance of pending reminders, then asks the
 * scheduler; a reminder the scheduler did not take gives its places back. Every outcome is an answer in the room.
 */
export async function remindReply(request: string, ask: ReminderAsk, deps: RemindDeps): Promise<string> {
  const { perPerson, perGuest, perRoom, textLength } = deps.reminderLimits;
  const limits = { perPerson: ask.senderType === 'user' ? perPerson : perGuest, perRoom };
  const parsed = parseReminder(request, textLength);
  if (!parsed.ok) return parsed.answer;
  const nowMs = deps.now().getTime();
  const askedMs = Date.parse(ask.createdAt);
  const at = new Date((Number.isFinite(askedMs) ? askedMs : nowMs) + parsed.minutes * 60_000);
  if (at.getTime() <= nowMs) {
    // Only a redelivery hours late gets here; a one-time schedule that already fired is gone, so scheduling
    // again would remind twice.
    return `Sorry ${ask.name}, I got to your reminder too late: it was due at ${clock(at)} UTC (${parsed.what}).`;
  }
  const reminder: ReminderRequest = {
    roomId: ask.roomId,
    name: ask.name,
    text: parsed.what,
    at,
    requestId: ask.messageId,
  };
  let result: ReminderResult;
  try {
    const reservation = await deps.reminderBook.reserve(reminder, limits, nowMs);
    if (reservation === 'personFull') {
      return `Sorry ${ask.name}, you already have ${limits.perPerson} reminders waiting, as many as I keep for one person. Say \`pyro reminders\` to see them, or \`pyro cancel 1\` to drop one.`;
    }
    if (reservation === 'roomFull') {
      return `Sorry ${ask.name}, this room already has ${limits.perRoom} reminders waiting, as many as I keep for one room. Try again once one has gone off.`;
    }
    result = await deps.reminders.schedule(reminder);
  } catch (err) {
    result = { kind: 'unavailable', reason: err instanceof Error ? err.message : String(err) };
  }
  if (result.kind !== 'scheduled') {
    // Best effort: a place left behind frees itself when the reminder would have fallen due.
    await deps.reminderBook.release(ask.name, ask.messageId).catch(() => undefined);
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

export function clock(at: Date): string {
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
