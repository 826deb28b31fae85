/**
 * Two notices of issue 16: the one a removed person reads (above the log, read out at once, kept until dismissed)
 * and the line over the message box while the reader is muted or removed ("You are muted until 14:05"), gone
 * when that time has passed or the reader opens another room.
 */
import type { Clock } from './clock';

export interface RoomNoticeElements {
  notice: HTMLElement;
  text: HTMLElement;
  close: HTMLButtonElement;
  composer: HTMLElement;
  /** Where the focus goes when the notice is dismissed. */
  input: HTMLElement;
}

export class RoomNotices {
  private cancelClear = () => {};

  constructor(
    private readonly els: RoomNoticeElements,
    private readonly clock: Clock,
  ) {}

  removed(text: string): void {
    const { notice } = this.els;
    this.els.text.textContent = text;
    notice.hidden = false;
  }

  /** The reader may not post in the open room until `until` (if known). */
  silenced(text: string, until?: string): void {
    this.els.composer.textContent = text;
    this.cancelClear();
    const ms = until ? Date.parse(until) - this.clock.now() : Number.NaN;
    if (Number.isFinite(ms) && ms > 0) this.cancelClear = this.clock.later(() => this.roomChanged(), ms);
  }

  roomChanged(): void {
    this.cancelClear();
    this.els.composer.textContent = '';
  }

  bind(): void {
    this.els.close.addEventListener('click', () => {
      this.els.notice.hidden = true;
      this.els.input.focus();
    });
  }
}
