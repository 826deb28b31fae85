/** A random source in [0, 1), like Math.random. Skills take one so tests (and replays) are deterministic. */
export type Random = () => number;

/** mulberry32: a tiny seeded generator, good enough for picking words and greetings. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of a non-empty list, chosen with `random` (clamped, so a source returning 1 cannot overflow). */
export function pick<T>(items: readonly T[], random: Random): T {
  const index = Math.min(items.length - 1, Math.max(0, Math.floor(random() * items.length)));
  return items[index] as T;
}
