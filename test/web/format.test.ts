import { describe, expect, it } from 'vitest';
import { formatTime } from '../../web/format';

const opts = { locale: 'en-US', timeZone: 'UTC' };
// Newer ICU versions put a narrow no-break space before AM/PM.
const show = (iso: string, now: string, o = opts) => formatTime(iso, new Date(now), o).replace(/\s/g, ' ');

describe('formatTime', () => {
  it('shows only the time for a message from today', () => {
    expect(show('2024-05-01T14:05:00Z', '2024-05-01T18:00:00Z')).toBe('2:05 PM');
  });

  it('adds the date for an older message', () => {
    expect(show('2024-04-30T09:30:00Z', '2024-05-01T08:00:00Z')).toBe('Apr 30, 9:30 AM');
  });

  it('uses the local time zone of the reader', () => {
    const tokyo = { locale: 'en-GB', timeZone: 'Asia/Tokyo' };
    expect(show('2024-05-01T14:05:00Z', '2024-05-01T14:10:00Z', tokyo)).toBe('23:05');
  });

  it('gives an empty string for an unreadable time', () => {
    expect(formatTime('yesterday', new Date(), opts)).toBe('');
  });
});
