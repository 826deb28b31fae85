import type { SocketSlots, TypingGate } from '../../../../lambdas/core/ports';
import type { MemoryConnectionStore } from './fakes';

/** In-memory SocketSlots with the table's semantics: stale slots are freed only when the identity is at its limit. */
export class MemorySocketSlots implements SocketSlots {
  /** identity → connection id → until (epoch seconds). */
  readonly slots = new Map<string, Map<string, number>>();
  readonly released: string[] = [];

  async claim(
    identity: string,
    connectionId: string,
    untilSeconds: number,
    nowSeconds: number,
    limit: number,
  ): Promise<boolean> {
    const held = this.slots.get(identity) ?? new Map<string, number>();
    this.slots.set(identity, held);
    if (held.size >= limit) {
      for (const [id, until] of held) if (until <= nowSeconds) held.delete(id);
    }
    if (held.size >= limit) return false;
    held.set(connectionId, untilSeconds);
    return true;
  }

  async release(identity: string, connectionId: string): Promise<void> {
    this.released.push(connectionId);
    this.slots.get(identity)?.delete(connectionId);
  }

  /** Takes `count` slots for `identity` that end at `until`. */
  hold(identity: string, count: number, until: number): void {
    const held = this.slots.get(identity) ?? new Map<string, number>();
    for (let i = 0; i < count; i++) held.set(`${identity}-held-${i}`, until);
    this.slots.set(identity, held);
  }
}

/** In-memory TypingGate over the connections' own records, as the table keeps `typingAt` on them. */
export class MemoryTypingGate implements TypingGate {
  private readonly typingAt = new Map<string, number>();
  constructor(private readonly connections: MemoryConnectionStore) {}

  async tryTyping(connectionId: string, roomId: string, nowMs: number, intervalMs: number): Promise<boolean> {
    if (this.connections.items.get(connectionId)?.connection.roomId !== roomId) return false;
    const last = this.typingAt.get(connectionId);
    if (last !== undefined && last > nowMs - intervalMs) return false;
    this.typingAt.set(connectionId, nowMs);
    return true;
  }
}
