import { describe, expect, it } from 'vitest';
import { Banner, bannerShowMs } from '../../web/banner';
import { FakeClock } from './fakes';

function setup() {
  const clock = new FakeClock();
  const banner = { hidden: true, dataset: {} as DOMStringMap };
  const text = { textContent: '' };
  return { clock, els: { banner, text }, shown: new Banner({ banner, text }, clock) };
}

describe('Banner', () => {
  it('shows a message with the server’s error code and hides it after 8 seconds', () => {
    const { clock, els, shown } = setup();
    shown.show('Slow down.', 'RateLimited');
    expect(els).toEqual({
      banner: { hidden: false, dataset: { code: 'RateLimited' } },
      text: { textContent: 'Slow down.' },
    });
    clock.advance(bannerShowMs - 1);
    expect(els.banner.hidden).toBe(false);
    clock.advance(1);
    expect(els.banner.hidden).toBe(true);
  });

  it('gives a new message its full time on screen', () => {
    const { clock, els, shown } = setup();
    shown.show('first');
    clock.advance(5_000);
    shown.show('second');
    expect(els.banner.dataset.code).toBe('');
    clock.advance(5_000);
    expect(els.banner.hidden).toBe(false);
    expect(clock.pending).toBe(1);
    clock.advance(3_000);
    expect(els.banner.hidden).toBe(true);
  });

  it('hide closes it at once (the ✕ button)', () => {
    const { els, shown } = setup();
    shown.show('oops');
    shown.hide();
    expect(els.banner.hidden).toBe(true);
  });
});
