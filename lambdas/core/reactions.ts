import { limits } from '../contract/limits';
import type { Reactions } from '../contract/resources';
import { ChatError } from './errors';

/** `react` toggles; HTTP PUT adds and DELETE removes, each idempotent. */
export type ReactionChange = 'toggle' | 'add' | 'remove';

/**
 * The message's reactions after `name` changes theirs with `emoji`: names keep the order they reacted in, an emoji
 * nobody holds is dropped. Past the bounds (limits.reactions) an addition is refused with `too_many_reactions`.
 */
export function changeReaction(
  reactions: Reactions,
  emoji: string,
  name: string,
  change: ReactionChange,
): { reactions: Reactions; changed: boolean } {
  const names = reactions[emoji] ?? [];
  const has = names.includes(name);
  const add = change === 'toggle' ? !has : change === 'add';
  if (add === has) return { reactions, changed: false };
  if (!add) {
    const { [emoji]: _, ...rest } = reactions;
    const left = names.filter((n) => n !== name);
    return { reactions: left.length > 0 ? { ...rest, [emoji]: left } : rest, changed: true };
  }
  if (names.length === 0 && Object.keys(reactions).length >= limits.reactions.maxEmoji) {
    throw new ChatError(
      'too_many_reactions',
      `A message holds at most ${limits.reactions.maxEmoji} different reactions: react with one it has`,
    );
  }
  if (names.length >= limits.reactions.maxNamesPerEmoji) {
    throw new ChatError(
      'too_many_reactions',
      `At most ${limits.reactions.maxNamesPerEmoji} people may react with ${emoji} to one message`,
    );
  }
  return { reactions: { ...reactions, [emoji]: [...names, name] }, changed: true };
}
