import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../lambdas/core/bot/random';
import { generateSentence, tellStory, toSentences, trainChain } from '../../../../../lambdas/core/bot/story';

describe('toSentences', () => {
  it('splits text at . ! and ? and ends a trailing fragment with a period', () => {
    expect(toSentences('The fire is warm. Is it? Yes! and then,')).toEqual([
      ['The', 'fire', 'is', 'warm.'],
      ['Is', 'it?'],
      ['Yes!'],
      ['and', 'then.'],
    ]);
  });

  it('drops quotes, brackets, links and words without letters or digits', () => {
    expect(toSentences('He said "look" (see https://example.com) -- wow.')).toEqual([
      ['He', 'said', 'look', 'see', 'wow.'],
    ]);
  });
});

describe('trainChain', () => {
  it('maps each run of `order` words to the words that followed it, ending sentences with an end marker', () => {
    const chain = trainChain(['the cat sat. the cat ran.'], 2);
    expect(chain.starts).toEqual([
      ['the', 'cat'],
      ['the', 'cat'],
    ]);
    expect(chain.transitions.get('the cat')).toEqual(['sat.', 'ran.']);
    expect(chain.transitions.get('cat sat.')).toHaveLength(1);
  });

  it('keeps sentences shorter than the order as single states', () => {
    const chain = trainChain(['Hi!'], 3);
    expect(generateSentence(chain, seededRandom(1), 10)).toBe('Hi!');
  });

  it('rejects an order that is not a positive integer', () => {
    expect(() => trainChain(['x.'], 0)).toThrow(RangeError);
    expect(() => trainChain(['x.'], 1.5)).toThrow(RangeError);
  });
});

describe('generateSentence', () => {
  it('only walks transitions seen in training, so a first-order chain mixes sentences at shared words', () => {
    const chain = trainChain(['the cat sat on the mat.', 'the dog ran to the park.'], 1);
    const seen = new Set<string>();
    const random = seededRandom(9);
    for (let i = 0; i < 200; i++) seen.add(generateSentence(chain, random, 40) ?? '');
    expect(seen).toContain('The cat sat on the park.');
    for (const sentence of seen) expect(sentence).toMatch(/^The (cat|dog|mat\.|park\.)/);
  });

  it('gives up on a sentence that runs past the word limit', () => {
    const chain = trainChain(['a b a b a b a b a b a b c.'], 1);
    expect(generateSentence(chain, () => 0, 5)).toBeNull();
  });

  it('capitalizes the first letter', () => {
    expect(generateSentence(trainChain(['lower case start.'], 2), seededRandom(1), 10)).toBe(
      'Lower case start.',
    );
  });
});

describe('tellStory', () => {
  const corpus = [
    'One fish swam.',
    'Two birds flew.',
    'Three cats slept.',
    'Four dogs barked.',
    'Five owls hooted.',
  ];

  it('tells between the minimum and maximum number of distinct sentences', () => {
    const story = tellStory(trainChain(corpus, 2), seededRandom(4), {
      minSentences: 2,
      maxSentences: 3,
      maxChars: 600,
      maxWordsPerSentence: 40,
    });
    const sentences = story.split(/(?<=\.) /);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(3);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it('never goes over the character limit', () => {
    const story = tellStory(trainChain(corpus, 2), seededRandom(4), {
      minSentences: 5,
      maxSentences: 5,
      maxChars: 30,
      maxWordsPerSentence: 40,
    });
    expect(story.length).toBeLessThanOrEqual(30);
    expect(story).toMatch(/\.$/);
  });

  it('tells nothing from an empty chain', () => {
    expect(tellStory(trainChain([], 2), seededRandom(1))).toBe('');
  });
});
