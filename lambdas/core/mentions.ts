import { limits } from '../contract/limits';

/** Characters a name may hold besides spaces (contract fields.ts NAME_PATTERN): what ends an `@name`. */
const NAME_CHAR = /[A-Za-z0-9_-]/;

/** Whether the text may mention anyone: without an `@` no name is looked up (a plain message reads nothing more). */
export function mayMention(text: string): boolean {
  return text.includes('@');
}

/**
 * The known names the text calls by `@name` (any case; the name must not run on into more name characters, so
 * `@Ada` does not mention "Ad"), spelled as the person spells theirs, in the order the text first names them,
 * each once, at most `limits.mentions.max`. The `@` must not follow a name character. A longer known name wins where two start at the same `@`.
 */
export function findMentions(text: string, known: Iterable<string>): string[] {
  const lower = text.toLowerCase();
  const found: { name: string; at: number }[] = [];
  const names = [...new Set(known)].sort((a, b) => b.length - a.length);
  const taken = new Set<number>();
  for (const name of names) {
    const wanted = `@${name.toLowerCase()}`;
    for (let at = lower.indexOf(wanted); at !== -1; at = lower.indexOf(wanted, at + 1)) {
      const before = text[at - 1];
      const next = text[at + wanted.length];
      // An e-mail address ("ada@grace.io") mentions nobody; neither does "@Ada" inside "@Adam".
      if (taken.has(at) || (before !== undefined && NAME_CHAR.test(before))) continue;
      if (next !== undefined && NAME_CHAR.test(next)) continue;
      taken.add(at);
      found.push({ name, at });
      break;
    }
  }
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.name)
    .slice(0, limits.mentions.max);
}
