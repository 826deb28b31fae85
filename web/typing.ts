const typingSendIntervalMs = 3_000;
const typingShowMs = 4_000;

/** Lets a typing notification through at most once per interval while the person keeps typing. */
export class TypingThrottle {
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly intervalMs = typingSendIntervalMs) {}

  shouldSend(now: number): boolean {
    if (now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }

  reset(): void {
    this.last = Number.NEGATIVE_INFINITY;
  }
}

/** Who is typing in the shown room: each notification keeps a name visible for a few seconds. */
export class TypingTracker {
  private readonly until = new Map<string, number>();

  constructor(private readonly showMs = typingShowMs) {}

  add(name: string, now: number): void {
    this.until.set(name, now + this.showMs);
  }

  remove(name: string): void {
    this.until.delete(name);
  }

  clear(): void {
    this.until.clear();
  }

  active(now: number): string[] {
    for (const [name, until] of this.until) if (until <= now) this.until.delete(name);
    return [...this.until.keys()].sort((a, b) => a.localeCompare(b));
  }

  /** When the indicator next changes by itself, or null when nobody is shown. */
  nextExpiry(): number | null {
    return this.until.size === 0 ? null : Math.min(...this.until.values());
  }
}

export function typingLabel(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing…`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others are typing…`;
}
