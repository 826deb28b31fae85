import { describe, expect, it } from 'vitest';
import { mentionsBot, parseMessage } from '../../../../../lambdas/core/bot/parse';

describe('parseMessage', () => {
  it.each([
    'hello pyro',
    'Hi Pyro!',
    'hey @pyro',
    'greetings, PYRO',
    'good morning pyro',
    'pyro hi',
    'hi there pyro',
    'hi pyro, how are you?',
  ])('reads %j as a greeting', (text) => {
    expect(parseMessage(text)).toEqual({ kind: 'greeting' });
  });

  it.each(['thanks pyro!', 'Thank you Pyro', 'thanks @Pyro, that was great', 'pyro thanks'])(
    'reads %j as thanks',
    (text) => {
      expect(parseMessage(text)).toEqual({ kind: 'thanks' });
    },
  );

  it.each(['pyro help', 'Pyro, help!', '@pyro help', 'help pyro', 'PYRO HELP', 'hey pyro, what can you do?'])(
    'reads %j as a request for help',
    (text) => {
      expect(parseMessage(text)).toEqual({ kind: 'help' });
    },
  );

  it('reads the zip code of a weather request wherever the name is written', () => {
    expect(parseMessage('@Pyro weather 94103')).toEqual({ kind: 'weather', zip: '94103' });
    expect(parseMessage('pyro: weather for 10001?')).toEqual({ kind: 'weather', zip: '10001' });
    expect(parseMessage('hey pyro, Weather in 02139')).toEqual({ kind: 'weather', zip: '02139' });
    expect(parseMessage('pyro weather')).toEqual({ kind: 'weather', zip: '' });
    expect(parseMessage('pyro weather abc')).toEqual({ kind: 'weather', zip: 'abc' });
  });

  it('keeps the punctuation of a movie title but drops wrapping quotes', () => {
    expect(parseMessage('pyro movie Airplane!')).toEqual({ kind: 'movie', title: 'Airplane!' });
    expect(parseMessage('pyro movie "The Princess Bride"')).toEqual({
      kind: 'movie',
      title: 'The Princess Bride',
    });
    expect(parseMessage('@pyro movie')).toEqual({ kind: 'movie', title: '' });
  });

  it('reads a story request, plain or polite', () => {
    expect(parseMessage('pyro story')).toEqual({ kind: 'story' });
    expect(parseMessage('pyro, tell us a story')).toEqual({ kind: 'story' });
  });

  it('hands everything after "remind" to the reminder skill', () => {
    expect(parseMessage('pyro remind me in 10 minutes to stretch')).toEqual({
      kind: 'remind',
      request: 'me in 10 minutes to stretch',
    });
  });

  it.each(['pyro reminders', 'pyro my reminders', '@pyro reminders?', 'Pyro, reminders!'])(
    'reads %j as a request for the asker’s reminders',
    (text) => {
      expect(parseMessage(text)).toEqual({ kind: 'reminders' });
    },
  );

  it.each([
    ['pyro cancel 2', '2'],
    ['pyro cancel #3', '#3'],
    ['pyro cancel reminder 1', '1'],
    ['@pyro cancel', ''],
  ])('reads %j as cancelling reminder %j', (text, which) => {
    expect(parseMessage(text)).toEqual({ kind: 'cancel', which });
  });

  it('treats other things said to Pyro as unknown', () => {
    expect(parseMessage('pyro dance')).toEqual({ kind: 'unknown' });
    expect(parseMessage('what do you think, pyro?')).toEqual({ kind: 'unknown' });
    expect(parseMessage('@pyro')).toEqual({ kind: 'unknown' });
  });

  it('ignores messages that do not address Pyro', () => {
    expect(parseMessage('hello everyone')).toBeNull();
    expect(parseMessage('I think pyro is great at weather')).toBeNull();
    expect(parseMessage('the pyromaniac help desk')).toBeNull();
    expect(parseMessage('')).toBeNull();
  });
});

describe('mentionsBot', () => {
  it('finds the name as a word, with or without @, in any case', () => {
    expect(mentionsBot('ask PYRO about it')).toBe(true);
    expect(mentionsBot('@pyro story')).toBe(true);
    expect(mentionsBot('pyrotechnics are fun')).toBe(false);
  });
});
