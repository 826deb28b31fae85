/** The message box on screen: text, counter, send button, and a box that grows with the text. */
import type { Composer, ComposerView } from './composer';
import { isSendKey } from './composer';
import { atBottom } from './timeline-view';
import { maxMessageLength, type TextCheck } from './validate';

export interface ComposerElements {
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  counter: HTMLElement;
  send: HTMLButtonElement;
  /** The log above: a taller box shrinks it from below. */
  scroller: HTMLElement;
}

/** The box grows with the text up to this height, then scrolls inside. */
const maxInputHeightPx = 160;

export class DomComposerView implements ComposerView {
  constructor(private readonly els: ComposerElements) {}

  text(): string {
    return this.els.input.value;
  }

  clear(): void {
    this.els.input.value = '';
  }

  showCheck(check: TextCheck): void {
    const { input, counter, send, scroller } = this.els;
    counter.textContent = `${check.length} / ${maxMessageLength}`;
    counter.classList.toggle('over', check.tooLong);
    send.disabled = !check.ok;
    const wasAtBottom = atBottom(scroller);
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, maxInputHeightPx)}px`;
    // Keep the newest message in sight if it was.
    if (wasAtBottom) scroller.scrollTop = scroller.scrollHeight;
  }

  focus(): void {
    this.els.input.focus();
  }

  bind(composer: Composer): void {
    const { form, input } = this.els;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      composer.submit();
    });
    input.addEventListener('keydown', (e) => {
      if (isSendKey(e)) {
        e.preventDefault();
        composer.submit();
      }
    });
    input.addEventListener('input', () => composer.edited());
  }
}
