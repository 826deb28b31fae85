import type { CancelAsk, CancelChoice, CancelResult, ReminderBook, Reminders, Warn } from '../ports';
import { clock } from './remind';

export interface MyRemindersDeps {
  reminders: Reminders;
  reminderBook: ReminderBook;
  now(): Date;
  warn?: Warn;
}

const unavailable = (name: string) =>
  `Sorry ${name}, my reminder service is not answering right now. Try again in a few minutes.`;

/**
 * `pyro reminders`: the person's pending reminders, each numbered by its place in their allowance for
 * `pyro cancel N`; a place keeps its number while others fall due or are cancelled.
 */
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
    ...pending.map((r) => `${r.place}. ${clock(r.at)} UTC in #${r.roomId}: ${r.text}`),
  ].join('\n');
}

/**
 * `pyro cancel N`: cancels the person's reminder number N, as `pyro reminders` numbered them. The book chooses it
 * once per message, so a redelivered message (its reply failed to post) cancels that same reminder again (a
 * no-op) instead of whichever one has taken number N since.
 */
export async function cancelReminderReply(
  which: string,
  ask: CancelAsk,
  deps: MyRemindersDeps,
): Promise<string> {
  const { name } = ask;
  const digits = /^#?(\d{1,3})$/.exec(which.trim())?.[1];
  if (digits === undefined) {
    return `Which one, ${name}? Say \`pyro cancel 1\` with a number from \`pyro reminders\`.`;
  }
  const number = Number(digits);
  const nowMs = deps.now().getTime();
  let chosen: Extract<CancelChoice, { kind: 'chosen' }>;
  let result: CancelResult;
  try {
    const choice = await deps.reminderBook.chooseToCancel(ask, number, nowMs);
    if (choice.kind === 'none') return noSuchReminder(number, name, choice.places);
    chosen = choice;
    const { reminder } = choice;
    result = await deps.reminders.cancel(reminder.roomId, reminder.requestId);
    // A schedule already gone has fallen due (or was cancelled): either way its place is free again.
    if (result.kind !== 'unavailable') await deps.reminderBook.release(name, reminder.requestId);
  } catch (err) {
    deps.warn?.('reminder cancel failed', { reason: err instanceof Error ? err.message : String(err) });
    return unavailable(name);
  }
  const { reminder, repeated } = chosen;
  switch (result.kind) {
    case 'cancelled':
      return cancelled(number, name, reminder.text);
    case 'notFound':
      // On a redelivery, this message's first delivery most likely cancelled it (the reply is what failed).
      return repeated
        ? cancelled(number, name, reminder.text)
        : `Reminder ${number} has just gone off, ${name}, so there was nothing left to cancel.`;
    case 'unavailable':
      deps.warn?.('reminder cancel failed', { reason: result.reason });
      return unavailable(name);
  }
}

const cancelled = (number: number, name: string, text: string) =>
  `Okay ${name}, I've cancelled reminder ${number}: ${text}`;

function noSuchReminder(number: number, name: string, places: readonly number[]): string {
  if (places.length === 0) return `You have no reminders waiting, ${name}.`;
  const yours = places.length === 1 ? `number ${places[0]}` : `numbers ${places.join(', ')}`;
  return `You have no reminder number ${number}, ${name}: yours are ${yours} (say \`pyro reminders\` to see them).`;
}
