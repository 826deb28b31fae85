/** Stand-ins for what the page's modules are given: a clock the test advances, storage, a recording view. */
import type { Clock } from '../../web/clock';

/** Time stands still until `advance`, which runs the timers that fall due, in order. */
export class FakeClock implements Clock {
  private time: number;
  private timers: { at: number; run: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(start = 0) {
    this.time = start;
  }

  now = (): number => this.time;

  later = (run: () => void, ms: number): (() => void) => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, run, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  };

  get pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.run();
    }
    this.time = until;
  }
}

export function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

/** A view whose every method records its call as `[name, ...args]`, in order. */
export function recordingView<T extends object>(): { view: T; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const view = new Proxy(
    {},
    {
      get:
        (_target, name) =>
        (...args: unknown[]) =>
          void calls.push([String(name), ...args]),
    },
  ) as T;
  return { view, calls };
}

/** A promise the test settles itself, to hold a call in flight. */
export function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (err: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
