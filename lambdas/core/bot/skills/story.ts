import { storyCorpus } from '../corpus';
import { mentionsBot } from '../parse';
import type { Warn } from '../ports';
import type { Random } from '../random';
import { tellStory, trainChain } from '../story';

export const DEFAULT_STORY_ORDER = 2;
/** Above this the chain mostly recites its corpus; below 1 it is not a chain. */
export const MAX_STORY_ORDER = 4;

export interface StoryDeps {
  /** The room's recent human messages, newest or oldest first (order does not matter). */
  recentMessages(roomId: string): Promise<string[]>;
  random: Random;
  storyOrder: number;
  warn?: Warn;
}

export async function storyReply(roomId: string, deps: StoryDeps): Promise<string> {
  let recent: string[] = [];
  try {
    recent = await deps.recentMessages(roomId);
  } catch (err) {
    // The room's chatter only seasons the story; Pyro's own tales are enough without it.
    deps.warn?.('recent messages unavailable for story', { roomId, error: String(err) });
  }
  // Commands to Pyro ("pyro weather 94103") would make poor story material.
  const chatter = recent.filter((text) => !mentionsBot(text));
  const chain = trainChain([...storyCorpus, ...chatter], storyOrder(deps.storyOrder));
  const story = tellStory(chain, deps.random);
  return story === '' ? 'The fire is quiet tonight; no story came to me. Ask again in a moment.' : story;
}

export function storyOrder(configured: number): number {
  if (!Number.isInteger(configured) || configured < 1) return DEFAULT_STORY_ORDER;
  return Math.min(configured, MAX_STORY_ORDER);
}
