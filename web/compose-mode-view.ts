/** The line above the message box that says what the box writes: a reply to someone, or an edit. */
import type { ComposeMode, ComposeModeView } from './message-actions';

export interface ComposeModeElements {
  bar: HTMLElement;
  text: HTMLElement;
  cancel: HTMLButtonElement;
  input: HTMLTextAreaElement;
}

export class DomComposeModeView implements ComposeModeView {
  constructor(
    private readonly els: ComposeModeElements,
    /** The box's text changed from here: the counter and the send button follow. */
    private readonly onText: () => void,
    /** Says a change of mode through the page's live region (the focus may already be in the box). */
    private readonly announce: (text: string) => void,
  ) {}

  showMode(mode: ComposeMode): void {
    const { bar, text } = this.els;
    bar.hidden = mode.kind === 'new';
    bar.dataset.mode = mode.kind;
    switch (mode.kind) {
      case 'new':
        text.textContent = '';
        break;
      case 'reply':
        text.textContent = `Replying to ${mode.replyTo.sender}: “${mode.replyTo.excerpt}”. Escape cancels.`;
        break;
      case 'edit':
        text.textContent = 'Editing your message. Enter saves, Escape cancels.';
        break;
    }
    this.announce(text.textContent || 'Writing a new message.');
  }

  setText(value: string): void {
    this.els.input.value = value;
    this.onText();
  }

  focusComposer(): void {
    const { input } = this.els;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  bind(cancel: () => void): void {
    this.els.cancel.addEventListener('click', cancel);
  }
}
