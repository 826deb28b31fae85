import type { Random } from './random';

/**
 * A word-level Markov chain. A state is the last `order` words of the sentence so far; it maps to every word
 * that followed it in training, repeats included, so likelier words are likelier picks. Sentences are trained
 * and generated one at a time, so every story ends at a sentence end.
 */
export interface MarkovChain {
  order: number;
  /** The first `order` words (or fewer, for a shorter sentence) of every training sentence. */
  starts: string[][];
  transitions: Map<string, string[]>;
}

export interface StoryOptions {
  minSentences: number;
  maxSentences: number;
  maxChars: number;
  /** A generated sentence longer than this is dropped (a chain can wander in loops). */
  maxWordsPerSentence: number;
}

export const defaultStoryOptions: StoryOptions = {
  minSentences: 3,
  maxSentences: 6,
  maxChars: 600,
  maxWordsPerSentence: 40,
};

const END = '\u0000end';
const sentenceEnd = /[.!?]$/;

/** Splits free text into sentences of words; a trailing fragment without end punctuation gets a period. */
export function toSentences(text: string): string[][] {
  const words = text
    // Quotes and brackets would come out unbalanced once words are shuffled, so they are dropped.
    .replace(/["“”«»()[\]{}*_`]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && word.length <= 30 && !/^(?:https?:|www\.)/i.test(word))
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  const sentences: string[][] = [];
  let current: string[] = [];
  for (const word of words) {
    current.push(word);
    if (sentenceEnd.test(word)) {
      sentences.push(current);
      current = [];
    }
  }
  if (current.length > 0) {
    const last = current.length - 1;
    current[last] = `${(current[last] ?? '').replace(/[\p{P}]+$/u, '')}.`;
    sentences.push(current);
  }
  return sentences;
}

export function trainChain(texts: readonly string[], order: number): MarkovChain {
  if (!Number.isInteger(order) || order < 1)
    throw new RangeError(`Markov order must be a positive integer: ${order}`);
  const chain: MarkovChain = { order, starts: [], transitions: new Map() };
  for (const text of texts) {
    for (const sentence of toSentences(text)) {
      chain.starts.push(sentence.slice(0, order));
      const words = [...sentence, END];
      // The first state is the start itself; a sentence shorter than `order` is one state leading to END.
      for (let i = Math.min(order, sentence.length); i < words.length; i++) {
        const key = words.slice(Math.max(0, i - order), i).join(' ');
        const next = chain.transitions.get(key);
        if (next) next.push(words[i] as string);
        else chain.transitions.set(key, [words[i] as string]);
      }
    }
  }
  return chain;
}

/** One sentence walked from a random start, or null when it ran past the word limit. */
export function generateSentence(chain: MarkovChain, random: Random, maxWords: number): string | null {
  if (chain.starts.length === 0) return null;
  const words = [...(chain.starts[randomIndex(chain.starts.length, random)] as string[])];
  while (words.length <= maxWords) {
    const options = chain.transitions.get(words.slice(-chain.order).join(' '));
    if (!options) return null;
    const next = options[randomIndex(options.length, random)] as string;
    if (next === END) {
      const sentence = words.join(' ');
      return sentence.charAt(0).toUpperCase() + sentence.slice(1);
    }
    words.push(next);
  }
  return null;
}

/** A story of min..max sentences (count drawn from `random`), never over maxChars; '' if the chain is empty. */
export function tellStory(
  chain: MarkovChain,
  random: Random,
  options: StoryOptions = defaultStoryOptions,
): string {
  const span = options.maxSentences - options.minSentences + 1;
  const target = options.minSentences + randomIndex(span, random);
  const sentences: string[] = [];
  let length = 0;
  for (let attempt = 0; attempt < target * 20 && sentences.length < target; attempt++) {
    const sentence = generateSentence(chain, random, options.maxWordsPerSentence);
    if (!sentence || sentences.includes(sentence)) continue;
    const added = (sentences.length > 0 ? 1 : 0) + sentence.length;
    if (length + added > options.maxChars) continue;
    sentences.push(sentence);
    length += added;
  }
  return sentences.join(' ');
}

function randomIndex(length: number, random: Random): number {
  return Math.min(length - 1, Math.max(0, Math.floor(random() * length)));
}
