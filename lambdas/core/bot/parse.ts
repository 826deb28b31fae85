import { BOT_NAME } from './bot-name';

/** What a message asks of Pyro. Arguments are raw text; each skill validates its own. */
export type Command =
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'help' }
  | { kind: 'weather'; zip: string }
  | { kind: 'movie'; title: string }
  | { kind: 'story' }
  | { kind: 'remind'; request: string }
  | { kind: 'reminders' }
  | { kind: 'cancel'; which: string }
  | { kind: 'unknown' };

// The name as a whole word ("pyro's" counts, "pyromaniac" does not), optionally written as an @-mention.
const mentionPattern = () => new RegExp(`(?<![\\p{L}\\p{N}_@])@?${BOT_NAME}(?![\\p{L}\\p{N}_])`, 'giu');

const gap = '[\\s,.!?:;~-]*';
const courtesy =
  'hello|hi|hiya|hey|heya|howdy|greetings|yo|good (?:morning|afternoon|evening|night)|thanks|thank you|thx|ok|okay|oh|so|dear|please';
/** Words that may come before the name in a message still addressed to Pyro: "hi pyro", "ok thanks pyro, help". */
const leadIn = new RegExp(`^${gap}(?:(?:${courtesy})${gap})*$`, 'iu');
/** Nothing but punctuation or emoji after the name: "thanks pyro!", "what do you think, pyro?" */
const trailingOnly = /^[\s\p{P}\p{S}]*$/u;

const greetingWord =
  /^(?:hello|hiya|hi|heya|hey|howdy|greetings|yo|good (?:morning|afternoon|evening|night))\b[\s\p{P}\p{S}]*/iu;
const thanksWord = /^(?:thanks|thank you|thank u|thx|ty|cheers)\b[\s\p{P}\p{S}]*/iu;

/**
 * Reads a chat message and returns what it asks of Pyro, or null when it is not addressed to Pyro.
 * Addressed means: an @-mention anywhere, or the name first (after greetings/courtesy words) or last (before
 * punctuation). A name mid-sentence ("I think pyro is great") is people talking about Pyro, not to it.
 */
export function parseMessage(text: string): Command | null {
  for (const match of text.matchAll(mentionPattern())) {
    const start = match.index ?? 0;
    const before = text.slice(0, start);
    const after = text.slice(start + match[0].length);
    const addressed = match[0].startsWith('@') || leadIn.test(before) || trailingOnly.test(after);
    if (!addressed) continue;
    const rest = `${before.replace(/[\s,:;~-]+$/u, '')} ${after.replace(/^[\s,:;.!?~-]+/u, '')}`.trim();
    return classify(rest);
  }
  return null;
}

function classify(rest: string): Command {
  let remaining = rest;
  let greeted = false;
  let thanked = false;
  for (;;) {
    const greeting = greetingWord.exec(remaining);
    const thanks = thanksWord.exec(remaining);
    if (greeting) {
      greeted = true;
      remaining = remaining.slice(greeting[0].length);
    } else if (thanks) {
      thanked = true;
      remaining = remaining.slice(thanks[0].length);
    } else break;
  }
  const command = matchCommand(remaining.trim());
  if (command) return command;
  if (thanked) return { kind: 'thanks' };
  if (greeted) return { kind: 'greeting' };
  return { kind: 'unknown' };
}

function matchCommand(text: string): Command | null {
  if (/^(?:help|commands|what can you do)\b/iu.test(text)) return { kind: 'help' };
  const weather = /^weather\b(.*)$/isu.exec(text);
  if (weather) {
    const zip = (weather[1] ?? '')
      .trim()
      .replace(/^(?:for|in|at)\s+/iu, '')
      .replace(/[.!?]+$/u, '')
      .trim();
    return { kind: 'weather', zip };
  }
  const movie = /^movie\b(.*)$/isu.exec(text);
  if (movie) {
    // Titles keep their punctuation ("Airplane!"); only wrapping quotes go.
    const title = (movie[1] ?? '')
      .trim()
      .replace(/^[:\s]+/u, '')
      .replace(/^["'“‘](.*)["'”’]$/su, '$1')
      .trim();
    return { kind: 'movie', title };
  }
  if (/^(?:tell (?:me|us) )?(?:a )?story\b/iu.test(text)) return { kind: 'story' };
  if (/^(?:my )?reminders\b[\s?!.]*$/iu.test(text)) return { kind: 'reminders' };
  const cancel = /^cancel\b(.*)$/isu.exec(text);
  if (cancel)
    return { kind: 'cancel', which: (cancel[1] ?? '').trim().replace(/^(?:reminder|number|no\.?)\s*/iu, '') };
  const remind = /^remind\b(.*)$/isu.exec(text);
  if (remind) return { kind: 'remind', request: (remind[1] ?? '').trim() };
  return null;
}

/** True when a text mentions the bot at all (used to keep commands out of the story corpus). */
export function mentionsBot(text: string): boolean {
  return mentionPattern().test(text);
}
