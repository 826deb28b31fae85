import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { BOT_NAME } from '../core/bot/bot-name';
import type { MovieLookup } from '../core/bot/ports';
import type { BotDeps } from '../core/bot/reply';
import type { Clock, MessageStore } from '../core/ports';

/** How many of a room's latest messages season Pyro's stories. */
const STORY_SOURCE_MESSAGES = 50;

/** The room's recent human messages (never Pyro's own), for the story skill. */
export function recentHumanMessages(messages: MessageStore, clock: Clock): BotDeps['recentMessages'] {
  return async (roomId) => {
    const page = await messages.listMessages(
      roomId,
      { limit: STORY_SOURCE_MESSAGES },
      Math.floor(clock.now() / 1000),
    );
    // Deleted messages (tombstones) have no text, and their authors took it back.
    return page.messages.flatMap((m) => (m.sender !== BOT_NAME && 'text' in m ? [m.text] : []));
  };
}

/**
 * The skills' deps, completed when a message needs them: the movie lookup is made with the OMDb key read from
 * its secret then, and is built without a key (Pyro then says how to configure one) while the secret has no
 * value. Any other failure to read the secret fails the reply, so the event is retried.
 */
export function botSkills(
  skills: Omit<BotDeps, 'movies'>,
  movies: { key(): Promise<string>; lookup(apiKey: string | undefined): MovieLookup | null },
): () => Promise<BotDeps> {
  return async () => ({ ...skills, movies: movies.lookup(await optionalKey(movies.key)) });
}

async function optionalKey(key: () => Promise<string>): Promise<string | undefined> {
  try {
    return await key();
  } catch (err) {
    // No secret value yet: the operator has not configured a key.
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}
