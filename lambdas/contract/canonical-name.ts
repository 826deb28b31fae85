/**
 * A name's skeleton, in the spirit of Unicode UTS #39 (confusable detection): two names with the same skeleton
 * would pass for one another in a room, so they count as one name — one guest holds it at a time, and no guest may
 * take a look-alike of the bot's. `Alice`, `a lice`, `A_L-I_C_E`, `aIice`, `al1ce` are all `allce`; `Pyr0`,
 * `pyro`, `P y r o` are all `pyro`; `Sam` and `Sarn` are one name.
 *
 * The steps, each for a reason:
 * 1. NFKC: compatibility forms (fullwidth `Ｐｙｒｏ`, ligatures, `ℐ`) become the letters they stand for. Guest names
 *    are ASCII today (fields.ts NAME_PATTERN) and these are refused before they get here, but accounts (issue 12) may
 *    allow more, and the skeleton must not depend on which check ran first.
 * 2. Case is folded: `Alice` and `alice` are one name.
 * 3. Separators are dropped — white space, `_`, dashes (`\p{Pd}`, `-` among them) and format characters (`\p{Cf}`,
 *    the zero-width ones): `a lice`, `a_lice` and `a-lice` read as `alice`.
 * 4. Look-alikes map to one prototype, as UTS #39's confusables.txt maps them (restricted to what a name may
 *    hold after NFKC: ASCII letters, digits, space, `_`, `-`): `0` → `o`; `1`, `I` and so `i` → `l` (`I` and `l` are
 *    one glyph in many fonts and case is folded, so `i` must join them or `aIice` and `aiice` would differ);
 *    `m` → `rn` (the standard's own direction, so `rn` and `m` meet).
 *
 * Why no library: the npm packages that implement UTS #39 carry the whole confusables table (≈ 6,000 entries,
 * 100 KB and more) into every bundle that validates a name, for the handful of mappings an ASCII name can reach,
 * and none is kept up closely enough to trust with a security check. These few lines are the whole of it here,
 * tested one mapping at a time (test/unit/lambdas/contract/canonical-name.test.ts).
 */
export function canonicalName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\p{Pd}\p{Cf}]+/gu, '')
    .replace(/[1il]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/m/g, 'rn');
}
