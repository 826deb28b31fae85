import { describe, expect, it } from 'vitest';
import { canonicalName } from '../../../../lambdas/contract/canonical-name';
import { BOT_NAME } from '../../../../lambdas/contract/limits';

/** Each group: names that pass for one another, so they must share one skeleton. */
const sameName: Record<string, string[]> = {
  case: ['alice', 'Alice', 'ALICE', 'aLiCe'],
  'spaces, "_" and "-"': ['a lice', 'a_lice', 'a-lice', 'A L I C E', 'a__--  lice', ' alice '],
  '1, l, I and i': ['alice', 'a1ice', 'aIice', 'al1ce', 'a1Ice', 'AL1CE'],
  '0 and o': ['bob', 'b0b', 'B0B', 'BOb'],
  'rn and m': ['sam', 'sarn', 'SARN', 'sa rn', 'sa_rn'],
  "the bot's": [BOT_NAME, 'pyro', 'PYRO', 'Pyr0', 'P y r o', 'p_y-r_o', 'pyr0', 'PYR0'],
  'NFKC compatibility forms': ['Pyro', '\uff30\uff59\uff52\uff4f', 'P\u00a0y\u3000ro'],
  'other dashes and format characters': ['alice', 'a\u2010lice', 'a\u2014lice', 'al\u200bice', 'ali\u00adce'],
};

/** Pairs that look different enough to be two people. */
const differentNames: [string, string][] = [
  ['alice', 'alicia'],
  ['bob', 'bobby'],
  ['pyro', 'pyro2'],
  ['pyro', 'pyre'],
  ['ann', 'anna'],
  ['sam', 'san'],
  ['rn', 'n'],
  ['o', 'oo'],
];

describe('canonicalName', () => {
  it.each(Object.entries(sameName))('gives one skeleton to names that differ by %s', (_, names) => {
    const skeletons = new Set(names.map(canonicalName));
    expect([...skeletons], JSON.stringify(names)).toHaveLength(1);
  });

  it.each(differentNames)('tells %j from %j', (a, b) => {
    expect(canonicalName(a)).not.toBe(canonicalName(b));
  });

  it("writes each mapping's prototype: lower case, no separators, l for 1/I/i, o for 0, rn for m", () => {
    expect(canonicalName('Alice')).toBe('allce');
    expect(canonicalName('B0b')).toBe('bob');
    expect(canonicalName('Sam')).toBe('sarn');
    expect(canonicalName('Pyro')).toBe('pyro');
    expect(canonicalName('Ada Lovelace_1-2')).toBe('adalovelacel2');
  });

  it('is idempotent: a skeleton is its own skeleton', () => {
    for (const name of Object.values(sameName).flat()) {
      const skeleton = canonicalName(name);
      expect(canonicalName(skeleton), JSON.stringify(name)).toBe(skeleton);
    }
  });

  it('gives one skeleton to names made only of separators', () => {
    expect(canonicalName('___')).toBe('');
    expect(canonicalName('-_-')).toBe('');
  });

  it('keeps digits other than 0 and 1 and letters without a look-alike as they are', () => {
    expect(canonicalName('x2345 6789')).toBe('x23456789');
    expect(canonicalName('bcdefghjknpqrstuvwxyz')).toBe('bcdefghjknpqrstuvwxyz');
  });
});
