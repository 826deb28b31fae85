import { describe, expect, it } from 'vitest';
import type { ReminderRequest } from '../../../../../../lambdas/core/bot/ports';
import {
  cancelReminderReply,
  myRemindersReply,
} from '../../../../../../lambdas/core/bot/skills/my-reminders';
import { FakeReminders, MemoryReminderBook, now } from '../fakes';

const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const reminder = (requestId: string, minutes: number, text: string, roomId = 'lobby'): ReminderRequest => ({
  requestId,
  roomId,
  name: 'Ana',
  text,
  at: at(minutes),
});

const ana = (messageId = 'c-1') => ({ roomId: 'lobby', name: 'Ana', messageId });

/** Ana holds places 1 and 3 (place 2's reminder fell due); Bo holds his own place 1. */
function world() {
  const book = new MemoryReminderBook();
  book.add(reminder('m-2', 90, 'call mom', 'family'), 1);
  book.add(reminder('m-0', -5, 'long gone'), 2);
  book.add(reminder('m-1', 10, 'stretch'), 3);
  book.add({ ...reminder('m-9', 20, 'not yours'), name: 'Bo' }, 1);
  const reminders = new FakeReminders();
  const warnings: string[] = [];
  return {
    book,
    reminders,
    warnings,
    deps: { reminders, reminderBook: book, now: () => now, warn: (m: string) => warnings.push(m) },
  };
}

describe('myRemindersReply', () => {
  it('lists the person’s pending reminders numbered by their places, with time and room', async () => {
    const { deps } = world();
    expect(await myRemindersReply('Ana', deps)).toBe(
      [
        'Your reminders, Ana (`pyro cancel 1` cancels the first):',
        '1. 16:39 UTC in #family: call mom',
        '3. 15:19 UTC in #lobby: stretch',
      ].join('\n'),
    );
  });

  it('says so when there are none', async () => {
    const { deps } = world();
    expect(await myRemindersReply('Cy', deps)).toContain('You have no reminders waiting, Cy');
  });

  it('apologizes when the book cannot be read', async () => {
    const { deps, book, warnings } = world();
    book.failure = new Error('table down');
    expect(await myRemindersReply('Ana', deps)).toContain('not answering right now');
    expect(warnings).toEqual(['reminder book unavailable']);
  });
});

describe('cancelReminderReply', () => {
  it('cancels reminder number N, deleting its schedule and freeing its places', async () => {
    const { deps, book, reminders } = world();
    expect(await cancelReminderReply('3', ana(), deps)).toBe("Okay Ana, I've cancelled reminder 3: stretch");
    expect(reminders.cancels).toEqual(['lobby/m-1']);
    expect(book.released).toEqual(['Ana/m-1']);
    expect((await book.pending('Ana', now.getTime())).map((r) => r.text)).toEqual(['call mom']);
  });

  it('keeps the numbers it listed when a reminder falls due in between', async () => {
    const { deps, book, reminders } = world();
    book.add(reminder('m-3', 30, 'water the plants'), 2);
    expect(await myRemindersReply('Ana', deps)).toContain('3. 15:19 UTC in #lobby: stretch');
    // "stretch" (number 3) falls due; number 2 is still the plants, number 1 still mom.
    const later = { ...deps, now: () => at(11) };
    expect(await cancelReminderReply('2', ana('c-2'), later)).toBe(
      "Okay Ana, I've cancelled reminder 2: water the plants",
    );
    expect(await cancelReminderReply('3', ana('c-3'), later)).toContain('no reminder number 3');
    expect(reminders.cancels).toEqual(['lobby/m-3']);
    expect(await myRemindersReply('Ana', later)).toContain('\n1. 16:39 UTC in #family: call mom');
  });

  it('cancels only the first reminder when the same "pyro cancel 1" is delivered twice', async () => {
    const book = new MemoryReminderBook();
    book.add(reminder('m-1', 10, 'stretch'), 1);
    book.add(reminder('m-2', 20, 'drink water'), 2);
    const reminders = new FakeReminders();
    const deps = { reminders, reminderBook: book, now: () => now };
    expect(await cancelReminderReply('1', ana('c-7'), deps)).toBe(
      "Okay Ana, I've cancelled reminder 1: stretch",
    );
    // The reply failed to post; meanwhile a new reminder took place 1. The retry cancels the same one again.
    book.add(reminder('m-3', 30, 'new one'), 1);
    reminders.cancelResult = { kind: 'notFound' };
    expect(await cancelReminderReply('1', ana('c-7'), deps)).toBe(
      "Okay Ana, I've cancelled reminder 1: stretch",
    );
    expect(reminders.cancels).toEqual(['lobby/m-1', 'lobby/m-1']);
    expect((await book.pending('Ana', now.getTime())).map((r) => r.text)).toEqual(['new one', 'drink water']);
  });

  it('answers a retried cancel of a number it had not found the same way, even once that place is taken', async () => {
    const { deps, book, reminders } = world();
    expect(await cancelReminderReply('2', ana('c-8'), deps)).toContain('no reminder number 2');
    book.add(reminder('m-5', 30, 'new one'), 2);
    expect(await cancelReminderReply('2', ana('c-8'), deps)).toContain('no reminder number 2');
    expect(reminders.cancels).toEqual([]);
  });

  it('frees the places of a reminder that went off meanwhile, and says so', async () => {
    const { deps, book, reminders } = world();
    reminders.cancelResult = { kind: 'notFound' };
    expect(await cancelReminderReply('3', ana(), deps)).toContain('has just gone off');
    expect(book.released).toEqual(['Ana/m-1']);
  });

  it('keeps the places when the scheduler is not answering, and says so', async () => {
    const { deps, book, reminders, warnings } = world();
    reminders.cancelResult = { kind: 'unavailable', reason: 'ThrottlingException' };
    expect(await cancelReminderReply('1', ana(), deps)).toContain('not answering right now');
    expect(book.released).toEqual([]);
    expect(warnings).toEqual(['reminder cancel failed']);
  });

  it('apologizes when the book cannot choose', async () => {
    const { deps, book, reminders, warnings } = world();
    book.failure = new Error('table down');
    expect(await cancelReminderReply('1', ana(), deps)).toContain('not answering right now');
    expect(reminders.cancels).toEqual([]);
    expect(warnings).toEqual(['reminder cancel failed']);
  });

  it.each([
    ['2', 'no reminder number 2, Ana: yours are numbers 1, 3', 'Ana'],
    ['0', 'no reminder number 0', 'Ana'],
    ['one', 'Which one', 'Ana'],
    ['', 'Which one', 'Ana'],
    ['1', 'no reminders waiting', 'Cy'],
    ['2', 'no reminder number 2, Bo: yours are number 1 (', 'Bo'],
  ])('answers %j clearly without cancelling anything (%s)', async (which, answer, name) => {
    const { deps, reminders } = world();
    expect(await cancelReminderReply(which, { ...ana(), name }, deps)).toContain(answer);
    expect(reminders.cancels).toEqual([]);
  });
});
