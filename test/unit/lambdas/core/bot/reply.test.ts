import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../lambdas/core/bot/random';
import {
  isMemberJoinedDetail,
  isReminderDueDetail,
  replyToMessage,
  replyToReminderDue,
  welcomeMessage,
} from '../../../../../lambdas/core/bot/reply';
import { chat, FakeMovies, FakeReminders, FakeWeather, fakeDeps } from './fakes';

describe('replyToMessage', () => {
  it('greets the person by name', async () => {
    const reply = await replyToMessage(chat('hi pyro'), fakeDeps());
    expect(reply).toContain('Ana');
  });

  it('greets with some variety, the same way for the same random source', async () => {
    const greetings = new Set<string | null>();
    for (let seed = 0; seed < 20; seed++) {
      greetings.add(await replyToMessage(chat('hello Pyro'), fakeDeps({ random: seededRandom(seed) })));
    }
    expect(greetings.size).toBeGreaterThan(1);
    const again = await replyToMessage(chat('hello Pyro'), fakeDeps({ random: seededRandom(3) }));
    expect(await replyToMessage(chat('hello Pyro'), fakeDeps({ random: seededRandom(3) }))).toBe(again);
  });

  it("answers thanks with you're welcome", async () => {
    expect(await replyToMessage(chat('thanks pyro!', 'Bo'), fakeDeps())).toBe("You're welcome, Bo!");
  });

  it('explains every command with an example', async () => {
    const help = await replyToMessage(chat('pyro help'), fakeDeps());
    for (const example of [
      'pyro weather 94103',
      'pyro movie',
      'pyro story',
      'pyro remind me in 10 minutes to',
      'pyro reminders',
      'pyro cancel 2',
    ]) {
      expect(help).toContain(example);
    }
    expect(help).toContain(
      'at most 5 waiting per person (2 for a guest) and 20 per room, 200 characters each',
    );
  });

  it('lists and cancels the asker’s reminders', async () => {
    const deps = fakeDeps();
    await replyToMessage(chat('pyro remind me in 2 hrs to call mom'), deps);
    expect(await replyToMessage(chat('pyro reminders'), deps)).toContain('1. 17:09 UTC in #lobby: call mom');
    expect(await replyToMessage(chat('pyro cancel 1'), deps)).toBe(
      "Okay Ana, I've cancelled reminder 1: call mom",
    );
    expect(await replyToMessage(chat('pyro reminders'), deps)).toContain('no reminders waiting');
  });

  it('looks up the weather for a zip', async () => {
    const weather = new FakeWeather();
    expect(await replyToMessage(chat('@Pyro weather 94103'), fakeDeps({ weather }))).toContain(
      'San Francisco, CA',
    );
    expect(weather.calls).toEqual(['94103']);
  });

  it('looks up a movie, or explains the key when none is configured', async () => {
    const movies = new FakeMovies({ kind: 'found', value: { title: 'Alien', year: '1979' } });
    expect(await replyToMessage(chat('pyro movie alien'), fakeDeps({ movies }))).toBe('Alien (1979).');
    expect(await replyToMessage(chat('pyro movie alien'), fakeDeps({ movies: null }))).toContain(
      'OMDB_API_KEY',
    );
  });

  it('tells a story ending at a sentence end', async () => {
    expect(await replyToMessage(chat('pyro story'), fakeDeps())).toMatch(/[.!?]$/);
  });

  it('schedules a reminder for the asking message', async () => {
    const reminders = new FakeReminders();
    const reply = await replyToMessage(chat('pyro remind me in 2 hrs to call mom'), fakeDeps({ reminders }));
    expect(reply).toBe("Okay Ana, I'll remind you at 17:09 UTC (in 2 hours): call mom");
    expect(reminders.requests[0]).toMatchObject({
      roomId: 'lobby',
      name: 'Ana',
      text: 'call mom',
      requestId: 'm-1',
    });
  });

  it('nudges toward help for anything else addressed to Pyro', async () => {
    expect(await replyToMessage(chat('pyro, sing a song'), fakeDeps())).toBe(
      "I'm not sure what you mean, Ana. Try `pyro help` to see what I can do.",
    );
  });

  it('stays silent for messages not addressed to Pyro', async () => {
    expect(await replyToMessage(chat('hello everyone'), fakeDeps())).toBeNull();
  });

  it('never answers its own messages, whatever they say', async () => {
    expect(await replyToMessage(chat('Hi Pyro! weather', 'Pyro'), fakeDeps())).toBeNull();
    expect(await replyToMessage(chat('pyro help', 'pyro'), fakeDeps())).toBeNull();
  });

  it('keeps replies within the 2000-character message limit', async () => {
    const movies = new FakeMovies({ kind: 'found', value: { title: 'Long', plot: 'p'.repeat(3000) } });
    const reply = await replyToMessage(chat('pyro movie long'), fakeDeps({ movies }));
    expect(reply?.length).toBe(2000);
  });
});

describe('replyToReminderDue', () => {
  it('reminds the person of what they asked', () => {
    expect(replyToReminderDue({ roomId: 'lobby', name: 'Ana', text: 'stretch' })).toBe(
      '⏰ Ana, you asked me to remind you: stretch',
    );
  });
});

describe('welcomeMessage', () => {
  it('welcomes the person to the room by name', () => {
    const text = welcomeMessage({ roomId: 'campfire', name: 'Bo' });
    expect(text).toContain('Bo');
    expect(text).toContain('#campfire');
  });
});

describe('event detail guards', () => {
  it('accept well-formed details and reject missing or empty fields', () => {
    expect(isReminderDueDetail({ roomId: 'lobby', name: 'Ana', text: 'x', reminderId: 'r' })).toBe(true);
    expect(isReminderDueDetail({ roomId: 'lobby', name: 'Ana' })).toBe(false);
    expect(isReminderDueDetail(null)).toBe(false);
    expect(isMemberJoinedDetail({ roomId: 'lobby', name: 'Ana' })).toBe(true);
    expect(isMemberJoinedDetail({ roomId: '', name: 'Ana' })).toBe(false);
  });
});
