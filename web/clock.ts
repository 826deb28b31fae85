/** Time and timers as the page's modules see them: the page passes the browser's, tests a clock they advance. */
export interface Clock {
  now(): number;
  /** Runs `run` once after `ms`; the returned function cancels it (harmless once it has run). */
  later(run: () => void, ms: number): () => void;
}

export const browserClock: Clock = {
  now: () => Date.now(),
  later: (run, ms) => {
    const handle = setTimeout(run, ms);
    return () => clearTimeout(handle);
  },
};
