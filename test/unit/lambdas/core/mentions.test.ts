import { describe, expect, it } from 'vitest';
import { limits } from '../../../../lambdas/contract/limits';
import { findMentions, mayMention } from '../../../../lambdas/core/mentions';

describe('mentions', () => {
  it('looks names up only for a text with an @', () => {
    expect(mayMention('hello Ada')).toBe(false);
    expect(mayMention('hello @Ada')).toBe(true);
  });

  it('finds known names called by @name in any case, spelled as their owners spell them, in text order', () => {
    expect(findMentions('@grace and @ADA, look', ['Ada', 'Grace', 'Linus'])).toEqual(['Grace', 'Ada']);
  });

  it('names each person once, and nobody unknown', () => {
    expect(findMentions('@Ada @ada @Bob', ['Ada'])).toEqual(['Ada']);
  });

  it('does not take a longer word or an e-mail address for a name', () => {
    expect(findMentions('@Adam said hi', ['Ada'])).toEqual([]);
    expect(findMentions('mail ada@grace.io', ['grace'])).toEqual([]);
  });

  it('prefers the longer name where two start at the same @', () => {
    expect(findMentions('@Ada Lovelace here', ['Ada', 'Ada Lovelace'])).toEqual(['Ada Lovelace']);
  });

  it('keeps at most limits.mentions.max names', () => {
    const names = Array.from({ length: limits.mentions.max + 3 }, (_, i) => `n${i}`);
    const text = names.map((n) => `@${n}`).join(' ');
    expect(findMentions(text, names)).toEqual(names.slice(0, limits.mentions.max));
  });
});
