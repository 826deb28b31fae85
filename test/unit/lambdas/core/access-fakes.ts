import type { ModerationEntry } from '../../../../lambdas/contract/access';
import { canonicalName } from '../../../../lambdas/contract/canonical-name';
import {
  type PostGuard,
  PostRefused,
  type RoleItem,
  type RoleRecord,
  type RoomAccessStore,
  type RoomOfPerson,
  type SanctionRecord,
} from '../../../../lambdas/core/room-access';
import type { ChatMessage, Room } from '../../../../lambdas/core/types';
import { MemoryMessageStore, type MemoryRoomStore } from './fakes';

/** Roles, sanctions, the log and the accounts' names in memory, with the table's semantics (issue 16). */
export class MemoryRoomAccess implements RoomAccessStore {
  readonly roles = new Map<string, RoleItem>();
  readonly sanctions = new Map<string, SanctionRecord>();
  readonly log: { roomId: string; entry: ModerationEntry; expiresAt: number }[] = [];
  /** Accounts' usernames by skeleton. */
  readonly accounts = new Map<string, string>();
  readonly calls: string[] = [];

  constructor(private readonly rooms: MemoryRoomStore) {}

  addAccount(...usernames: string[]): this {
    for (const u of usernames) this.accounts.set(canonicalName(u), u);
    return this;
  }

  async getRole(roomId: string, who: string): Promise<RoleRecord | undefined> {
    this.calls.push(`getRole ${roomId} ${who}`);
    return this.roles.get(`${roomId}/${who}`);
  }
  async putRole(roomId: string, item: RoleItem): Promise<void> {
    this.calls.push(`putRole ${roomId} ${item.key} ${item.role}`);
    this.roles.set(`${roomId}/${item.key}`, item);
  }
  async deleteRole(roomId: string, who: string): Promise<RoleRecord | undefined> {
    this.calls.push(`deleteRole ${roomId} ${who}`);
    const found = this.roles.get(`${roomId}/${who}`);
    this.roles.delete(`${roomId}/${who}`);
    return found;
  }
  async listRoles(roomId: string, { limit, after }: { limit: number; after: string }) {
    const all = [...this.roles.entries()]
      .filter(([k]) => k.startsWith(`${roomId}/`))
      .map(([k, v]) => ({ ...v, key: k.slice(roomId.length + 1) }))
      .filter((p) => p.key > after)
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    return { people: all.slice(0, limit), hasMore: all.length > limit };
  }
  async privateRoomsOf(who: string, limit: number): Promise<RoomOfPerson[]> {
    return [...this.roles.entries()]
      .filter(([k, v]) => k.endsWith(`/${who}`) && v.visibility === 'private')
      .slice(0, limit)
      .map(([k, v]) => ({
        roomId: k.slice(0, k.indexOf('/')),
        roomCreatedAt: v.roomCreatedAt,
        role: v.role,
        kind: v.kind,
        ...(v.dmWith ? { dmWith: v.dmWith } : {}),
      }));
  }
  async createRoomWithRoles(room: Room, expiresAt: number, roles: readonly RoleItem[]): Promise<boolean> {
    this.calls.push(`createRoomWithRoles ${room.roomId}`);
    if (!(await this.rooms.createRoom(room, expiresAt))) return false;
    for (const r of roles) this.roles.set(`${room.roomId}/${r.key}`, r);
    return true;
  }
  async getSanction(roomId: string, who: string): Promise<SanctionRecord | undefined> {
    this.calls.push(`getSanction ${roomId} ${who}`);
    return this.sanctions.get(`${roomId}/${who}`);
  }
  async setSanction(
    roomId: string,
    who: string,
    change: { name: string; kind: 'removal' | 'mute'; until: number; reason?: string },
  ): Promise<void> {
    const key = `${roomId}/${who}`;
    const current = this.sanctions.get(key) ?? { name: change.name };
    this.sanctions.set(key, {
      ...current,
      name: change.name,
      ...(change.kind === 'removal' ? { removeUntil: change.until } : { muteUntil: change.until }),
      ...(change.reason ? { reason: change.reason } : {}),
    });
  }
  async audit(roomId: string, entry: ModerationEntry, expiresAt: number): Promise<void> {
    this.log.push({ roomId, entry, expiresAt });
  }
  async auditLog(roomId: string, { limit, before }: { limit: number; before: string }) {
    const all = this.log
      .map((l, i) => ({ ...l, cursor: `${l.entry.at}#${String(i).padStart(4, '0')}` }))
      .filter((l) => l.roomId === roomId && (before === '' || l.cursor < before))
      .sort((a, b) => (a.cursor < b.cursor ? 1 : -1));
    return {
      entries: all.slice(0, limit).map((l) => ({ ...l.entry, cursor: l.cursor })),
      hasMore: all.length > limit,
    };
  }
  async accountName(who: string): Promise<string | undefined> {
    return this.accounts.get(who);
  }
  async roomsByIds(roomIds: readonly string[]): Promise<Map<string, Room>> {
    const found = new Map<string, Room>();
    for (const id of roomIds) {
      const r = await this.rooms.getRoom(id);
      if (r) found.set(id, r);
    }
    return found;
  }

  /** Whether a guarded write passes, as the transaction's condition checks decide. */
  check(guard: PostGuard): void {
    const s = this.sanctions.get(`${guard.roomId}/${guard.who}`);
    if (s && ((s.removeUntil ?? 0) > guard.nowSeconds || (s.muteUntil ?? 0) > guard.nowSeconds))
      throw new PostRefused('sanction');
    if (guard.memberOf) {
      const role = this.roles.get(`${guard.roomId}/${guard.who}`);
      if (!role || role.roomCreatedAt !== guard.memberOf.roomCreatedAt) throw new PostRefused('membership');
    }
  }
}

/** A message store whose guarded writes are checked against the access fake, as the table's transaction does. */
export class GuardedMessageStore extends MemoryMessageStore {
  readonly guards: (PostGuard | undefined)[] = [];
  constructor(private readonly access: MemoryRoomAccess) {
    super();
  }
  override async putMessage(message: ChatMessage, expiresAt: number, guard?: PostGuard): Promise<void> {
    this.guards.push(guard);
    if (guard) this.access.check(guard);
    await super.putMessage(message, expiresAt);
  }
}
