import { describe, expect, it } from 'vitest';
import { composerShortcut } from '../../web/shortcuts';

const key = (k: string, extra: Partial<Parameters<typeof composerShortcut>[0]> = {}) => ({
  key: k,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  isComposing: false,
  ...extra,
});
const idle = { empty: true, busy: false };

describe('composerShortcut', () => {
  it('Up in an empty box edits the last message', () => {
    expect(composerShortcut(key('ArrowUp'), idle)).toBe('editLast');
  });

  it('Up with text in the box moves the caret, as usual', () => {
    expect(composerShortcut(key('ArrowUp'), { empty: false, busy: false })).toBeNull();
    expect(composerShortcut(key('ArrowUp'), { empty: true, busy: true })).toBeNull();
  });

  it('Escape cancels a reply or an edit, and does nothing otherwise', () => {
    expect(composerShortcut(key('Escape'), { empty: false, busy: true })).toBe('cancel');
    expect(composerShortcut(key('Escape'), idle)).toBeNull();
  });

  it('leaves keys with a modifier, and keys of an input method composing, alone', () => {
    for (const extra of [{ shiftKey: true }, { altKey: true }, { ctrlKey: true }, { metaKey: true }])
      expect(composerShortcut(key('ArrowUp', extra), idle)).toBeNull();
    expect(composerShortcut(key('Escape', { isComposing: true }), { empty: false, busy: true })).toBeNull();
    expect(composerShortcut(key('a'), idle)).toBeNull();
  });
});
