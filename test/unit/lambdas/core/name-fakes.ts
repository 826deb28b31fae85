import type { GuestNameHold, GuestNameHolds } from '../../../../lambdas/core/guest-names';

/**
 * Held names in memory, with the table's conditions: a claim wins when the skeleton is free or its hold has
 * expired; a release only when the session holds it. `kind` stands for an account's hold (no expiry), later.
 */
export class MemoryGuestNameHolds implements GuestNameHolds {
  readonly holds = new Map<string, GuestNameHold & { kind: 'guest' | 'account' }>();
  readonly calls: string[] = [];

  async claim(hold: GuestNameHold, nowSeconds: number): Promise<boolean> {
    this.calls.push(`claim ${hold.canonical}`);
    const held = this.holds.get(hold.canonical);
    if (held && (held.kind === 'account' || held.expiresAt > nowSeconds)) return false;
    this.holds.set(hold.canonical, { ...hold, kind: 'guest' });
    return true;
  }

  async release(canonical: string, sessionId: string): Promise<boolean> {
    this.calls.push(`release ${canonical}`);
    const held = this.holds.get(canonical);
    if (held?.kind !== 'guest' || held.sessionId !== sessionId) return false;
    this.holds.delete(canonical);
    return true;
  }

  async heldBy(canonical: string, sessionId: string, nowSeconds: number): Promise<boolean> {
    this.calls.push(`heldBy ${canonical}`);
    const held = this.holds.get(canonical);
    return held?.kind === 'guest' && held.sessionId === sessionId && held.expiresAt > nowSeconds;
  }
}
