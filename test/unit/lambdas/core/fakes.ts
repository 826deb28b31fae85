import type {
  Clock,
  ConnectionStore,
  EventPublisher,
  HistoryPage,
  HistoryQuery,
  MessageStore,
  RateLimiter,
  RoomPage,
  RoomPageQuery,
  RoomStore,
  SendOutcome,
  SocketSender,
} from '../../../../lambdas/core/ports';
import type { ChatMessage, Connection, Room, ServerFrame } from '../../../../lambdas/core/types';
import { itemAt } from '../../../lists';

/**
 * In-memory fakes of core's ports. Each one can write to a shared call log, so tests can check the order in
 * which core touches the outside world.
 */
export type CallLog = string[];

export const T0 = Date.parse('2024-05-01T12:00:00.000Z');

export class FakeClock implements Clock {
  constructor(public nowMs = T0) {}
  now(): number {
    return this.nowMs;
  }
}

export function room(roomId: string, name = roomId): Room {
  return { roomId, name, createdAt: '2024-01-01T00:00:00.000Z', createdBy: 'Ada' };
}

/** Rooms by id, each with its expiry (absent: none); `nowSeconds` decides which are live. */
export class MemoryRoomStore implements RoomStore {
  readonly rooms = new Map<string, Room>();
  readonly expiries = new Map<string, number>();
  /** Each keepAlive call (kept out of the call log, whose order other tests pin). */
  readonly keptAlive: { roomId: string; expiresAt: number; slackSeconds: number }[] = [];
  nowSeconds = Math.floor(T0 / 1000);
  constructor(
    initial: Room[] = [],
    private readonly log: CallLog = [],
  ) {
    for (const r of initial) this.rooms.set(r.roomId, r);
  }
  private live(roomId: string): boolean {
    const expiresAt = this.expiries.get(roomId);
    return this.rooms.has(roomId) && (expiresAt === undefined || expiresAt > this.nowSeconds);
  }
  async getRoom(roomId: string): Promise<Room | undefined> {
    this.log.push(`rooms.getRoom ${roomId}`);
    return this.live(roomId) ? this.rooms.get(roomId) : undefined;
  }
  async createRoom(r: Room, expiresAt: number): Promise<boolean> {
    this.log.push(`rooms.createRoom ${r.roomId}`);
    if (this.live(r.roomId)) return false;
    this.rooms.set(r.roomId, r);
    this.expiries.set(r.roomId, expiresAt);
    return true;
  }
  async listRooms({ limit, after }: RoomPageQuery): Promise<RoomPage> {
    const live = [...this.rooms.values()]
      .filter((r) => r.roomId > after && this.live(r.roomId))
      .sort((a, b) => (a.roomId < b.roomId ? -1 : 1));
    return { rooms: live.slice(0, limit), hasMore: live.length > limit };
  }
  async keepAlive(roomId: string, expiresAt: number, slackSeconds: number): Promise<void> {
    this.keptAlive.push({ roomId, expiresAt, slackSeconds });
    const stored = this.expiries.get(roomId);
    if (this.rooms.has(roomId) && (stored === undefined || stored < expiresAt - slackSeconds)) {
      this.expiries.set(roomId, expiresAt);
    }
  }
}

export class MemoryMessageStore implements MessageStore {
  readonly stored: { message: ChatMessage; expiresAt: number }[] = [];
  readonly queries: HistoryQuery[] = [];
  constructor(private readonly log: CallLog = []) {}

  async putMessage(message: ChatMessage, expiresAt: number): Promise<void> {
    this.log.push(`messages.putMessage ${message.messageId}`);
    this.stored.push({ message, expiresAt });
  }

  /** Same contract as the table: live messages only, in the direction of the query, oldest → newest. */
  async listMessages(roomId: string, query: HistoryQuery, nowSeconds: number): Promise<HistoryPage> {
    this.queries.push(query);
    const ascending = query.after !== undefined && query.before === undefined;
    const live = this.stored
      .filter((s) => s.message.roomId === roomId && s.expiresAt > nowSeconds)
      .map((s) => s.message)
      .filter((m) => query.after === undefined || m.messageId > query.after)
      .filter((m) => query.before === undefined || m.messageId < query.before)
      .sort((a, b) => a.messageId.localeCompare(b.messageId));
    const inDirection = ascending ? live : [...live].reverse();
    const messages = inDirection.slice(0, query.limit);
    if (!ascending) messages.reverse();
    return { messages, hasMore: inDirection.length > query.limit };
  }
}

export class MemoryConnectionStore implements ConnectionStore {
  readonly items = new Map<string, { connection: Connection; expiresAt: number }>();
  readonly deleted: string[] = [];
  /** How many pages roomConnections has yielded, over all calls. */
  pagesServed = 0;
  constructor(
    /** Connections per page of roomConnections, like a Query with a small page size. */
    private readonly pageSize = 2,
    private readonly log: CallLog = [],
  ) {}

  /** A connection that opened an hour before T0 unless told otherwise. */
  add(
    connectionId: string,
    roomId: string,
    name = connectionId,
    expiresAt = Number.MAX_SAFE_INTEGER,
    connectedAtMs = T0 - 3_600_000,
  ): Connection {
    const connection = { connectionId, roomId, name, connectedAt: new Date(connectedAtMs).toISOString() };
    this.items.set(connectionId, { connection, expiresAt });
    return connection;
  }

  async putConnection(connection: Connection, expiresAt: number): Promise<void> {
    this.log.push(`connections.putConnection ${connection.connectionId}`);
    this.items.set(connection.connectionId, { connection, expiresAt });
  }
  async getConnection(connectionId: string): Promise<Connection | undefined> {
    return this.items.get(connectionId)?.connection;
  }
  async deleteConnection(connectionId: string): Promise<Connection | undefined> {
    this.log.push(`connections.deleteConnection ${connectionId}`);
    const found = this.items.get(connectionId);
    this.items.delete(connectionId);
    this.deleted.push(connectionId);
    return found?.connection;
  }
  async moveConnection(connectionId: string, roomId: string): Promise<Connection | undefined> {
    const found = this.items.get(connectionId);
    if (!found) return undefined;
    found.connection = { ...found.connection, roomId };
    return found.connection;
  }
  async *roomConnections(roomId: string, nowSeconds: number): AsyncIterable<Connection[]> {
    this.log.push(`connections.roomConnections ${roomId}`);
    const live = [...this.items.values()]
      .filter((i) => i.connection.roomId === roomId && i.expiresAt > nowSeconds)
      .map((i) => i.connection);
    for (let i = 0; i < live.length; i += this.pageSize) {
      this.pagesServed++;
      yield live.slice(i, i + this.pageSize);
    }
  }
}

/** What one post to a socket does: an outcome, or an error it throws. */
export type SendStep = SendOutcome | Error;

/**
 * A socket sender whose posts take a few event-loop turns, so that concurrent posts overlap and the most
 * in flight at once can be counted. Per-connection scripts say what successive posts do (default 'sent').
 */
export class FakeSocketSender implements SocketSender {
  readonly posts: { connectionId: string; data: string }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly scripts = new Map<string, SendStep[]>();
  constructor(private readonly log: CallLog = []) {}

  script(connectionId: string, ...steps: SendStep[]): this {
    this.scripts.set(connectionId, steps);
    return this;
  }

  async send(connectionId: string, data: string): Promise<SendOutcome> {
    this.log.push(`sockets.send ${connectionId}`);
    this.posts.push({ connectionId, data });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      const step = this.scripts.get(connectionId)?.shift() ?? 'sent';
      if (step instanceof Error) throw step;
      return step;
    } finally {
      this.inFlight--;
    }
  }

  /** The frames posted to one connection, parsed. */
  framesTo(connectionId: string): ServerFrame[] {
    return this.posts
      .filter((p) => p.connectionId === connectionId)
      .map((p) => JSON.parse(p.data) as ServerFrame);
  }

  recipients(): string[] {
    return [...new Set(this.posts.map((p) => p.connectionId))].sort();
  }
}

export class RecordingBus implements EventPublisher {
  readonly events: { detailType: string; detail: object }[] = [];
  failure?: Error;
  constructor(private readonly log: CallLog = []) {}
  async publish(detailType: string, detail: object): Promise<void> {
    this.log.push(`bus.publish ${detailType}`);
    if (this.failure) throw this.failure;
    this.events.push({ detailType, detail });
  }
}

export class FakeRateLimiter implements RateLimiter {
  allow = true;
  /** Set: every take fails with it (the table could not be reached). */
  failure?: Error;
  readonly calls: { key: string; nowMs: number }[] = [];
  constructor(private readonly log: CallLog = []) {}
  async tryTake(key: string, nowMs: number): Promise<boolean> {
    this.log.push(`rateLimiter.tryTake ${key}`);
    this.calls.push({ key, nowMs });
    if (this.failure) throw this.failure;
    return this.allow;
  }
}

/** A whole set of fakes sharing one call log. */
export function fakeWorld(options: { rooms?: Room[]; pageSize?: number } = {}) {
  const log: CallLog = [];
  return {
    log,
    clock: new FakeClock(),
    rooms: new MemoryRoomStore(options.rooms ?? [room('general', 'General')], log),
    messages: new MemoryMessageStore(log),
    connections: new MemoryConnectionStore(options.pageSize ?? 2, log),
    sockets: new FakeSocketSender(log),
    bus: new RecordingBus(log),
    rateLimiter: new FakeRateLimiter(log),
  };
}

/** Log entries without their argument: the kind of call, for checking order. */
export function callKinds(log: CallLog): string[] {
  return log.map((entry) => itemAt(entry.split(' '), 0, 'call kind'));
}
