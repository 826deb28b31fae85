/**
 * Waits `ms`, or less when `signal` aborts (a stand-in's close()). Global timers, so tests can fake them; it never
 * rejects, unlike `timers/promises`' setTimeout with a signal, so a retry loop just checks the signal afterwards.
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
