import { describe, expect, it } from 'vitest';
import { limits } from '../../../../lambdas/contract/limits';
import { ChatError } from '../../../../lambdas/core/errors';
import { changeReaction } from '../../../../lambdas/core/reactions';

describe('changeReaction', () => {
  it('toggles a name on and off, names in the order they reacted, dropping an emoji nobody holds', () => {
    const one = changeReaction({}, '👍', 'Ada', 'toggle');
    expect(one).toEqual({ reactions: { '👍': ['Ada'] }, changed: true });
    const two = changeReaction(one.reactions, '👍', 'Grace', 'toggle');
    expect(two.reactions).toEqual({ '👍': ['Ada', 'Grace'] });
    const back = changeReaction(two.reactions, '👍', 'Ada', 'toggle');
    expect(back.reactions).toEqual({ '👍': ['Grace'] });
    expect(changeReaction(back.reactions, '👍', 'Grace', 'toggle').reactions).toEqual({});
  });

  it('adds and removes idempotently: nothing changes when it already is so', () => {
    expect(changeReaction({ '🎉': ['Ada'] }, '🎉', 'Ada', 'add')).toEqual({
      reactions: { '🎉': ['Ada'] },
      changed: false,
    });
    expect(changeReaction({}, '🎉', 'Ada', 'remove')).toEqual({ reactions: {}, changed: false });
  });

  it('refuses a new emoji past the bound with too_many_reactions, but not a name on an emoji it has', () => {
    const full = Object.fromEntries(
      Array.from({ length: limits.reactions.maxEmoji }, (_, i) => [
        String.fromCodePoint(0x1f600 + i),
        ['Ada'],
      ]),
    );
    expect(() => changeReaction(full, '👍', 'Grace', 'toggle')).toThrow(
      expect.objectContaining({ code: 'too_many_reactions' }),
    );
    expect(changeReaction(full, '😀', 'Grace', 'add').changed).toBe(true);
  });

  it('refuses a name past the bound of names per emoji', () => {
    const names = Array.from({ length: limits.reactions.maxNamesPerEmoji }, (_, i) => `n${i}`);
    let caught: unknown;
    try {
      changeReaction({ '👍': names }, '👍', 'Ada', 'add');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ChatError);
    expect((caught as ChatError).status).toBe(409);
  });
});
