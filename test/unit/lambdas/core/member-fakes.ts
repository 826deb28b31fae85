import type { MemberSockets, MemberStore } from '../../../../lambdas/core/ports';

/** The member items in memory, with the table adapter's semantics (set operations, expiry, name order). */
export class MemoryMemberStore implements MemberStore {
  readonly items = new Map<string, { sockets: Set<string>; expiresAt: number }>();
  /** When set, applySockets throws it (the table failing). */
  failure?: Error;
  readonly applied: MemberSockets[] = [];

  private key(roomId: string, name: string): string {
    return `${roomId}\u0000${name}`;
  }

  /** A member with sockets, for setting up a room. */
  add(roomId: string, name: string, sockets: string[], expiresAt = Number.MAX_SAFE_INTEGER): this {
    this.items.set(this.key(roomId, name), { sockets: new Set(sockets), expiresAt });
    return this;
  }

  async applySockets(change: MemberSockets, nowSeconds: number): Promise<string[]> {
    if (this.failure) throw this.failure;
    this.applied.push(change);
    const key = this.key(change.roomId, change.name);
    const found = this.items.get(key);
    const live = found && found.expiresAt > nowSeconds ? found.sockets : new Set<string>();
    for (const id of change.leave) live.delete(id);
    for (const id of change.enter) live.add(id);
    if (live.size === 0) {
      this.items.delete(key);
      return [];
    }
    const expiresAt = change.enter.length > 0 ? change.expiresAt : (found?.expiresAt ?? 0);
    this.items.set(key, { sockets: live, expiresAt });
    return [...live];
  }

  private live(roomId: string, nowSeconds: number): string[] {
    return [...this.items]
      .filter(([key, item]) => key.startsWith(`${roomId}\u0000`) && item.expiresAt > nowSeconds)
      .map(([key]) => key.slice(roomId.length + 1))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async listMembers(roomId: string, query: { limit: number; after: string }, nowSeconds: number) {
    const after = this.live(roomId, nowSeconds).filter((name) => name > query.after);
    return { names: after.slice(0, query.limit), hasMore: after.length > query.limit };
  }

  async countMembers(roomId: string, nowSeconds: number): Promise<number> {
    return this.live(roomId, nowSeconds).length;
  }
}
