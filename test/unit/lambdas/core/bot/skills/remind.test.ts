import { describe, expect, it } from 'vitest';
import {
  duration,
  parseReminder,
  reminderDueReply,
  remindReply,
} from '../../../../../../lambdas/core/bot/skills/remind';
import { FakeReminders, MemoryReminderBook, now, reminderLimits } from '../fakes';

const ask = {
  roomId: 'lobby',
  name: 'Ana',
  senderType: 'user' as const,
  messageId: 'm-42',
  createdAt: now.toISOString(),
};

function remindDeps(reminders = new FakeReminders(), reminderBook = new MemoryReminderBook()) {
  return { reminders, reminderBook, reminderLimits, now: () => now };
}

describe('parseReminder', () => {
  it.each([
    ['me in 10 minutes to stretch', 10, 'stretch'],
    ['me in 1 minute to breathe', 1, 'breathe'],
    ['me in 5 min to check the oven', 5, 'check the oven'],
    ['me in 5min to check the oven', 5, 'check the oven'],
    ['me in 2 hrs to call mom', 120, 'call mom'],
    ['me in 1 hour to leave', 60, 'leave'],
    ['me in 1.5 hours to stand up', 90, 'stand up'],
    ['me in an hour to water the plants', 60, 'water the plants'],
    ['me in 24 hours to renew the domain', 1440, 'renew the domain'],
    ['ME IN 3 MINUTES TO shout', 3, 'shout'],
    ['me to feed the cat in 20 minutes', 20, 'feed the cat'],
    ['me to look in the box in 2 hours.', 120, 'look in the box'],
  ])('reads %j as %i minutes to %j', (request, minutes, what) => {
    expect(parseReminder(request, 200)).toEqual({ ok: true, minutes, what });
  });

  it.each([
    ['me in 0 minutes to blink', 'at least 1 minute'],
    ['me in -5 minutes to time travel', 'at least 1 minute'],
    ['me in 0.2 minutes to blink', 'at least 1 minute'],
    ['me in 25 hours to sleep', 'up to 24 hours'],
    ['me in 1441 minutes to sleep', 'up to 24 hours'],
    ['me in ten minutes to stretch', 'write it in digits'],
    ['me in 3 days to pack', 'minutes or hours'],
    ['me about the thing', "didn't catch"],
    ['', "didn't catch"],
  ])('answers %j clearly instead of scheduling (%s)', (request, answer) => {
    const parsed = parseReminder(request, 200);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.answer).toContain(answer);
  });

  it('refuses a reminder text over the limit, saying the limit and the length', () => {
    const parsed = parseReminder(`me in 5 minutes to ${'a'.repeat(201)}`, 200);
    expect(parsed).toEqual({
      ok: false,
      answer: expect.stringContaining('at most 200 characters (yours has 201)'),
    });
    expect(parseReminder(`me in 5 minutes to ${'a'.repeat(200)}`, 200).ok).toBe(true);
  });
});

describe('remindReply', () => {
  it('schedules the reminder for the message’s time plus the duration and confirms with the time', async () => {
    const reminders = new FakeReminders();
    const book = new MemoryReminderBook();
    const reply = await remindReply('me in 10 minutes to stretch', ask, remindDeps(reminders, book));
    expect(reminders.requests).toEqual([
      {
        roomId: 'lobby',
        name: 'Ana',
        text: 'stretch',
        at: new Date('2026-03-14T15:19:26.000Z'),
        requestId: 'm-42',
      },
    ]);
    expect(reply).toBe("Okay Ana, I'll remind you at 15:19 UTC (in 10 minutes): stretch");
    expect(book.reminders).toEqual(reminders.requests);
  });

  it('counts from when the message was posted, so a redelivery minutes later asks for the very same reminder', async () => {
    const reminders = new FakeReminders();
    const book = new MemoryReminderBook();
    const posted = { ...ask, createdAt: new Date(now.getTime() - 30_000).toISOString() };
    const first = await remindReply('me in 10 minutes to stretch', posted, remindDeps(reminders, book));
    // The reply failed to post; Lambda retries the event two minutes later.
    const retry = await remindReply('me in 10 minutes to stretch', posted, {
      ...remindDeps(reminders, book),
      now: () => new Date(now.getTime() + 2 * 60_000),
    });
    expect(first).toBe("Okay Ana, I'll remind you at 15:18 UTC (in 10 minutes): stretch");
    expect(retry).toBe(first);
    // Same time and same request id: the scheduler's name is the same, so the second is a no-op (ConflictException).
    expect(reminders.requests).toHaveLength(2);
    expect(reminders.requests[1]).toEqual(reminders.requests[0]);
    expect(reminders.requests[0]?.at).toEqual(new Date('2026-03-14T15:18:56.000Z'));
    expect(book.reminders).toHaveLength(1);
  });

  it('schedules nothing for a redelivery that comes after the reminder was due, and says so', async () => {
    const reminders = new FakeReminders();
    const book = new MemoryReminderBook();
    const reply = await remindReply('me in 10 minutes to stretch', ask, {
      ...remindDeps(reminders, book),
      now: () => new Date(now.getTime() + 10 * 60_000),
    });
    expect(reply).toBe('Sorry Ana, I got to your reminder too late: it was due at 15:19 UTC (stretch).');
    expect(reminders.requests).toEqual([]);
    expect(book.reminders).toEqual([]);
  });

  it('counts from now when the message carries no usable time', async () => {
    const reminders = new FakeReminders();
    await remindReply('me in 10 minutes to stretch', { ...ask, createdAt: 'soon' }, remindDeps(reminders));
    expect(reminders.requests[0]?.at).toEqual(new Date('2026-03-14T15:19:26.000Z'));
  });

  it('does not schedule anything for a bad duration', async () => {
    const reminders = new FakeReminders();
    const reply = await remindReply('me in 30 hours to nap', ask, remindDeps(reminders));
    expect(reply).toContain('up to 24 hours');
    expect(reminders.requests).toEqual([]);
  });

  it('says the scheduler turned the reminder down when it is rejected', async () => {
    const reminders = new FakeReminders({ kind: 'rejected', reason: 'ValidationException: bad' });
    const warnings: string[] = [];
    const book = new MemoryReminderBook();
    const reply = await remindReply('me in 2 hours to go', ask, {
      ...remindDeps(reminders, book),
      warn: (m) => warnings.push(m),
    });
    expect(reply).toBe("Sorry Ana, I couldn't set that reminder: the scheduler turned it down.");
    expect(warnings).toEqual(['reminder rejected']);
    // Its places are given back.
    expect(book.reminders).toEqual([]);
    expect(book.released).toEqual(['Ana/m-42']);
  });

  it('says politely that reminders are not answering when the scheduler is down or throws', async () => {
    const down = new FakeReminders({ kind: 'unavailable', reason: 'ThrottlingException' });
    expect(await remindReply('me in 2 hours to go', ask, remindDeps(down))).toContain(
      'not answering right now',
    );
    const throwing = new FakeReminders();
    throwing.schedule = async () => {
      throw new Error('boom');
    };
    expect(await remindReply('me in 2 hours to go', ask, remindDeps(throwing))).toContain(
      'not answering right now',
    );
  });
});

describe('remindReply at the limits', () => {
  const later = (minutes: number, name = 'Ana', roomId = 'lobby', requestId = `old-${name}-${minutes}`) => ({
    roomId,
    name,
    text: 'x',
    at: new Date(now.getTime() + minutes * 60_000),
    requestId,
  });

  it('refuses a sixth pending reminder for a person, saying how to list and cancel, without scheduling', async () => {
    const book = new MemoryReminderBook();
    for (let i = 1; i <= 5; i++) book.reminders.push(later(i * 10, 'Ana', `room-${i}`));
    const reminders = new FakeReminders();
    const reply = await remindReply('me in 10 minutes to stretch', ask, remindDeps(reminders, book));
    expect(reply).toContain('you already have 5 reminders waiting');
    expect(reply).toContain('`pyro reminders`');
    expect(reply).toContain('`pyro cancel 1`');
    expect(reminders.requests).toEqual([]);
  });

  it('keeps fewer pending for a guest: a third is refused with the guest limit', async () => {
    const book = new MemoryReminderBook();
    for (let i = 1; i <= 2; i++) book.reminders.push(later(i * 10, 'Ana', `room-${i}`));
    const reminders = new FakeReminders();
    const guest = { ...ask, senderType: 'guest' as const };
    const reply = await remindReply('me in 10 minutes to stretch', guest, remindDeps(reminders, book));
    expect(reply).toContain('you already have 2 reminders waiting');
    expect(reminders.requests).toEqual([]);
    // An account with as many is served.
    const served = await remindReply('me in 10 minutes to stretch', ask, remindDeps(reminders, book));
    expect(served).toMatch(/^Okay/);
  });

  it('counts only reminders not yet due', async () => {
    const book = new MemoryReminderBook();
    for (let i = 1; i <= 5; i++) book.reminders.push(later(-i, 'Ana', `room-${i}`));
    const reply = await remindReply(
      'me in 10 minutes to stretch',
      ask,
      remindDeps(new FakeReminders(), book),
    );
    expect(reply).toMatch(/^Okay Ana/);
  });

  it('refuses a reminder in a room that has 20 pending, without scheduling', async () => {
    const book = new MemoryReminderBook();
    for (let i = 1; i <= 20; i++) book.reminders.push(later(10, `p${i}`));
    const reminders = new FakeReminders();
    const reply = await remindReply('me in 10 minutes to stretch', ask, remindDeps(reminders, book));
    expect(reply).toContain('this room already has 20 reminders waiting');
    expect(reminders.requests).toEqual([]);
  });

  it('says the service is not answering when the book fails, without scheduling', async () => {
    const book = new MemoryReminderBook();
    book.failure = new Error('table down');
    const reminders = new FakeReminders();
    expect(await remindReply('me in 10 minutes to go', ask, remindDeps(reminders, book))).toContain(
      'not answering right now',
    );
    expect(reminders.requests).toEqual([]);
  });
});

describe('reminderDueReply', () => {
  it('reminds the person by name', () => {
    expect(reminderDueReply('Ana', 'stretch')).toBe('⏰ Ana, you asked me to remind you: stretch');
  });
});

describe('duration', () => {
  it('reads as hours and minutes with singulars', () => {
    expect(duration(1)).toBe('1 minute');
    expect(duration(60)).toBe('1 hour');
    expect(duration(90)).toBe('1 hour 30 minutes');
    expect(duration(1440)).toBe('24 hours');
  });
});
