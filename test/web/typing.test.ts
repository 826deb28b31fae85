import { describe, expect, it } from 'vitest';
import { TypingThrottle, TypingTracker, typingLabel } from '../../web/typing';

describe('TypingThrottle', () => {
  it('lets one notification through per 3 seconds while typing continues', () => {
    const throttle = new TypingThrottle();
    expect([0, 500, 2999, 3000, 4000, 6000].map((t) => throttle.shouldSend(t))).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
  });

  it('sends again at once after a reset (a new message, another room)', () => {
    const throttle = new TypingThrottle();
    throttle.shouldSend(1000);
    throttle.reset();
    expect(throttle.shouldSend(1001)).toBe(true);
  });
});

describe('TypingTracker', () => {
  it('shows a name for 4 seconds after its last notification', () => {
    const tracker = new TypingTracker();
    tracker.add('Bob', 0);
    expect(tracker.active(3999)).toEqual(['Bob']);
    expect(tracker.active(4000)).toEqual([]);
  });

  it('extends the time when the same person keeps typing', () => {
    const tracker = new TypingTracker();
    tracker.add('Bob', 0);
    tracker.add('Bob', 3000);
    expect(tracker.active(6000)).toEqual(['Bob']);
    expect(tracker.nextExpiry()).toBe(7000);
  });

  it('drops a person as soon as their message arrives', () => {
    const tracker = new TypingTracker();
    tracker.add('Bob', 0);
    tracker.add('Cy', 0);
    tracker.remove('Bob');
    expect(tracker.active(1)).toEqual(['Cy']);
  });

  it('reports no expiry when nobody is typing', () => {
    expect(new TypingTracker().nextExpiry()).toBeNull();
  });
});

describe('typingLabel', () => {
  it('reads naturally for one, two, three and many people', () => {
    expect(typingLabel([])).toBe('');
    expect(typingLabel(['Bob'])).toBe('Bob is typing…');
    expect(typingLabel(['Bob', 'Cy'])).toBe('Bob and Cy are typing…');
    expect(typingLabel(['Bob', 'Cy', 'Di'])).toBe('Bob, Cy and Di are typing…');
    expect(typingLabel(['Bob', 'Cy', 'Di', 'Ed', 'Flo'])).toBe('Bob, Cy and 3 others are typing…');
  });
});
