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

function world() {
  const book = new MemoryReminderBook();
  book.reminders.push(
    reminder('m-2', 90, 'call mom', 'family'),
    reminder('m-1', 10, 'stretch'),
    reminder('m-0', -5, 'long gone'),
    { ...reminder('m-9', 20, 'not yours'), name: 'Bo' },
  );
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
  it('lists the person’s pending reminders, soonest first, numbered, with time and room', async () => {
    const { deps } = world();
    expect(await myRemindersReply('Ana', deps)).toBe(
      [
        'Your reminders, Ana (`pyro cancel 1` cancels the first):',
        '1. 15:19 UTC in #lobby: stretch',
        '2. 16:39 UTC in #family: call mom',
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
  it('cancels the Nth pending reminder, deleting its schedule and freeing its places', async () => {
    const { deps, book, reminders } = world();
    expect(await cancelReminderReply('2', 'Ana', deps)).toBe("Okay Ana, I've cancelled reminder 2: call mom");
    expect(reminders.cancels).toEqual(['family/m-2']);
    expect(book.released).toEqual(['Ana/m-2']);
    expect((await book.pending('Ana', now.getTime())).map((r) => r.text)).toEqual(['stretch']);
  });

  it('frees the places of a reminder that went off meanwhile, and says so', async () => {
    const { deps, book, reminders } = world();
    reminders.cancelResult = { kind: 'notFound' };
    expect(await cancelReminderReply('1', 'Ana', deps)).toContain('has just gone off');
    expect(book.released).toEqual(['Ana/m-1']);
  });

  it('keeps the places when the scheduler is not answering, and says so', async () => {
    const { deps, book, reminders, warnings } = world();
    reminders.cancelResult = { kind: 'unavailable', reason: 'ThrottlingException' };
    expect(await cancelReminderReply('1', 'Ana', deps)).toContain('not answering right now');
    expect(book.released).toEqual([]);
    expect(warnings).toEqual(['reminder cancel failed']);
  });

  it.each([
    ['3', 'no reminder number 3', 'Ana'],
    ['0', 'no reminder number 0', 'Ana'],
    ['one', 'Which one', 'Ana'],
    ['', 'Which one', 'Ana'],
    ['1', 'no reminders waiting', 'Cy'],
  ])('answers %j clearly without cancelling anything (%s)', async (which, answer, name) => {
    const { deps, reminders } = world();
    expect(await cancelReminderReply(which, name, deps)).toContain(answer);
    expect(reminders.cancels).toEqual([]);
  });
});
