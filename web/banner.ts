/** The error banner under the top bar: one message at a time, gone by itself after a while. */
import type { Clock } from './clock';

export const bannerShowMs = 8_000;

export interface BannerElements {
  banner: Pick<HTMLElement, 'hidden' | 'dataset'>;
  text: Pick<HTMLElement, 'textContent'>;
}

export class Banner {
  private cancelHide = () => {};

  constructor(
    private readonly els: BannerElements,
    private readonly clock: Clock,
  ) {}

  /** `code` is the server's error code (e.g. RateLimited), kept on the banner for styling and tests. */
  show(message: string, code?: string): void {
    const { banner, text } = this.els;
    text.textContent = message;
    banner.dataset.code = code ?? '';
    banner.hidden = false;
    // A new message gets its full time on screen.
    this.cancelHide();
    this.cancelHide = this.clock.later(() => this.hide(), bannerShowMs);
  }

  hide(): void {
    this.els.banner.hidden = true;
  }
}
