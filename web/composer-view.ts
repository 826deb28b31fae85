/** The message box on screen: text, counter, send button, and a box that grows with the text. */
import type { Composer, ComposerView } from './composer';
import { isSendKey } from './composer';
import type { MessageActions } from './message-actions';
import { composerShortcut } from './shortcuts';
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

  /** `actions`: Up in an empty box edits the person's last message, Escape cancels a reply or an edit. */
  bind(composer: Composer, actions?: Pick<MessageActions, 'mode' | 'editLast' | 'cancel'>): void {
    const { form, input } = this.els;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      composer.submit();
    });
    input.addEventListener('keydown', (e) => {
      if (isSendKey(e)) {
        e.preventDefault();
        composer.submit();
        return;
      }
      if (!actions) return;
      const shortcut = composerShortcut(e, { empty: input.value === '', busy: actions.mode.kind !== 'new' });
      if (shortcut === 'editLast' && actions.editLast()) e.preventDefault();
      if (shortcut === 'cancel') {
        e.preventDefault();
        actions.cancel();
      }
    });
    input.addEventListener('input', () => composer.edited());
  }
}
