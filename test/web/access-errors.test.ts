import { describe, expect, it } from 'vitest';
import { accessErrorText, dmErrorText, removedNotice, silencedText } from '../../web/access-errors';
import { ApiError } from '../../web/api';
import { formatTime } from '../../web/format';

const now = new Date('2024-05-01T10:00:00.000Z');
const until = '2024-05-01T10:10:00.000Z';
const at = formatTime(until, now);

describe('silencedText', () => {
  it('says until when a mute or removal holds', () => {
    expect(silencedText('muted', until, now)).toBe(
      `You are muted until ${at}: you can read but not post here.`,
    );
    expect(silencedText('removed', until, now, '# Chess')).toBe(`You are removed from # Chess until ${at}.`);
  });

  it('does without a time, and leaves other codes to the server’s words', () => {
    expect(silencedText('muted', undefined, now)).toBe('You are muted: you can read but not post here.');
    expect(silencedText('removed', undefined, now)).toBe('You are removed from this room.');
    expect(silencedText('rate_limited', until, now)).toBeNull();
    expect(silencedText('forbidden', undefined, now)).toBeNull();
  });
});

describe('dmErrorText', () => {
  it('turns the refusals of POST /dms into sentences', () => {
    expect(dmErrorText(new ApiError(404, 'account_not_found', 'x'), 'Zed')).toBe(
      'No account is named “Zed”. Direct messages are between accounts (not guests).',
    );
    expect(dmErrorText(new ApiError(403, 'forbidden', 'x'), 'Zed')).toContain('for accounts');
    expect(dmErrorText(new ApiError(400, 'invalid_request', 'x'), 'Ada')).toBe(
      'That is you: pick someone else.',
    );
  });

  it('keeps the server’s words for anything else, and a generic line for a non-API failure', () => {
    expect(dmErrorText(new ApiError(429, 'rate_limited', 'Slow down.'), 'Zed')).toBe('Slow down.');
    expect(dmErrorText(new Error('boom'), 'Zed')).toBe('Something went wrong. Please try again.');
  });
});

describe('accessErrorText', () => {
  it('names the account that does not exist, and says what was not allowed', () => {
    expect(accessErrorText(new ApiError(404, 'account_not_found', 'x'), 'Zed')).toContain(
      'No account is named “Zed”',
    );
    expect(accessErrorText(new ApiError(403, 'forbidden', 'Only the owner makes moderators.'))).toBe(
      'Not allowed: Only the owner makes moderators.',
    );
    expect(accessErrorText(new ApiError(404, 'room_not_found', 'x'))).toContain('no longer in it');
    expect(accessErrorText(new ApiError(400, 'invalid_name', 'Bad name.'))).toBe('Bad name.');
  });
});

describe('removedNotice', () => {
  it('gives the moderator’s reason and when the person may come back', () => {
    expect(removedNotice({ reason: 'spam', until }, '# Chess', now)).toBe(
      `A moderator removed you from # Chess. Reason: spam. You can come back at ${at}. You are in the lobby.`,
    );
    expect(removedNotice({ reason: 'removed' }, '# Chess', now)).toBe(
      'A moderator removed you from # Chess. You are in the lobby.',
    );
  });

  it('says a private room’s membership ended, or that the person left', () => {
    expect(removedNotice({ reason: 'membership ended' }, '# Book Club', now)).toBe(
      'You are no longer a member of # Book Club. You are in the lobby.',
    );
    expect(removedNotice({ reason: 'left' }, '# Book Club', now)).toBe('You left # Book Club.');
  });
});
