import type { CancelResult, ReminderBook, Reminders, Warn } from '../ports';
import { clock } from './remind';

export interface MyRemindersDeps {
  reminders: Reminders;
  reminderBook: ReminderBook;
  now(): Date;
  warn?: Warn;
}

const unavailable = (name: string) =>
  `Sorry ${name}, my reminder service is not answering right now. Try again in a few minutes.`;

/** `pyro reminders`: the person's pending reminders, numbered (soonest first) for `pyro cancel N`. */
export async function myRemindersReply(name: string, deps: MyRemindersDeps): Promise<string> {
  let pending: Awaited<ReturnType<ReminderBook['pending']>>;
  try {
    pending = await deps.reminderBook.pending(name, deps.now().getTime());
  } catch (err) {
    deps.warn?.('reminder book unavailable', { reason: err instanceof Error ? err.message : String(err) });
    return unavailable(name);
  }
  if (pending.length === 0) {
    return `You have no reminders waiting, ${name}. Try \`pyro remind me in 10 minutes to stretch\`.`;
  }
  return [
    `Your reminders, ${name} (\`pyro cancel 1\` cancels the first):`,
    ...pending.map((r, i) => `${i + 1}. ${clock(r.at)} UTC in #${r.roomId}: ${r.text}`),
  ].join('\n');
}

/** `pyro cancel N`: cancels the person's Nth pending reminder, as `pyro reminders` numbered them. */
export async function cancelReminderReply(
  which: string,
  name: string,
  deps: MyRemindersDeps,
): Promise<string> {
  const number = /^#?(\d{1,3})$/.exec(which.trim())?.[1];
  if (number === undefined) {
    return `Which one, ${name}? Say \`pyro cancel 1\` with a number from \`pyro reminders\`.`;
  }
  let result: CancelResult;
  let text: string;
  try {
    const pending = await deps.reminderBook.pending(name, deps.now().getTime());
    const reminder = pending[Number(number) - 1];
    if (!reminder) {
      return pending.length === 0
        ? `You have no reminders waiting, ${name}.`
        : `You have no reminder number ${number}, ${name}: say \`pyro reminders\` to see yours (1 to ${pending.length}).`;
    }
    text = reminder.text;
    result = await deps.reminders.cancel(reminder.roomId, reminder.requestId);
    // A schedule already gone has fallen due (or was cancelled): either way its place is free again.
    if (result.kind !== 'unavailable') await deps.reminderBook.release(name, reminder.requestId);
  } catch (err) {
    result = { kind: 'unavailable', reason: err instanceof Error ? err.message : String(err) };
    text = '';
  }
  switch (result.kind) {
    case 'cancelled':
      return `Okay ${name}, I've cancelled reminder ${number}: ${text}`;
    case 'notFound':
      return `Reminder ${number} has just gone off, ${name}, so there was nothing left to cancel.`;
    case 'unavailable':
      deps.warn?.('reminder cancel failed', { reason: result.reason });
      return unavailable(name);
  }
}
