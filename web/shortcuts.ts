/** The message box's keyboard shortcuts, decided apart from the DOM so they can be tested. */

export type ComposerShortcut = 'editLast' | 'cancel';

export interface ShortcutKey {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  isComposing: boolean;
}

export interface ComposerState {
  /** The box holds no text (white space counts as text: the person may be laying out a message). */
  empty: boolean;
  /** Replying to or editing a message: Escape goes back to writing a new one. */
  busy: boolean;
}

/**
 * Up in an empty box edits the person's last message (as in Slack and Discord); Escape cancels a reply or an
 * edit. Nothing while an input method composes (its keys are its own) or with a modifier held.
 */
export function composerShortcut(e: ShortcutKey, state: ComposerState): ComposerShortcut | null {
  if (e.isComposing || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return null;
  if (e.key === 'ArrowUp' && state.empty && !state.busy) return 'editLast';
  if (e.key === 'Escape' && state.busy) return 'cancel';
  return null;
}
