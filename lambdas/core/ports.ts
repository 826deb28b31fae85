import type { HistoryEntry } from '../contract/resources';
import type { PostGuard } from './room-access';
import type { ChatMessage, Connection, Room } from './types';

/**
 * What core needs from the outside world. Adapters (lambdas/adapters) implement these on DynamoDB,
 * the @connections API and EventBridge; tests pass in-memory fakes.
 */

export interface HistoryQuery {
  limit: number;
  /** Only messages older than this messageId. */
  before?: string;
  /** Only messages newer than this messageId. */
  after?: string;
}

export interface HistoryPage {
  /** Oldest → newest; deleted messages as tombstones. */
  messages: HistoryEntry[];
  /** Whether more messages lie further in the direction of the query. */
  hasMore: boolean;
}

export interface MessageStore {
  /**
   * `expiresAt` in epoch seconds (the table's TTL attribute). With a `guard`, the write checks it in the same
   * request and throws PostRefused (core/room-access.ts) when a check fails: nothing is stored then.
   * `authorSession` is stored on the item beside the message, never shown (core/message-records.ts `isAuthorOf`).
   */
  putMessage(
    message: ChatMessage,
    expiresAt: number,
    guard?: PostGuard,
    authorSession?: string,
  ): Promise<void>;
  /** Never returns messages whose TTL has passed, even when DynamoDB has not deleted them yet. */
  listMessages(roomId: string, query: HistoryQuery, nowSeconds: number): Promise<HistoryPage>;
}

export interface RoomPageQuery {
  /** At most this many rooms (0: only whether any lies past `after`). */
  limit: number;
  /** Only rooms whose id sorts after this one ('' for the first). */
  after: string;
}

export interface RoomPage {
  /** By id. */
  rooms: Room[];
  /** Whether more rooms lie past the last one. */
  hasMore: boolean;
}

/**
 * Rooms expire (the table's TTL) once nobody posted in them for a while. DynamoDB deletes expired items late:
 * the store never returns a room past its expiry.
 */
export interface RoomStore {
  getRoom(roomId: string): Promise<Room | undefined>;
  /** False when a live room with that id exists already. `expiresAt` in epoch seconds (the TTL attribute). */
  createRoom(room: Room, expiresAt: number): Promise<boolean>;
  /** A page of live rooms by id (a Query on the rooms' partition, never a Scan). */
  listRooms(query: RoomPageQuery): Promise<RoomPage>;
  /**
   * Pushes the room's expiry out to `expiresAt`, writing only when the stored expiry is more than `slackSeconds`
   * short of it: a busy room costs a write a day, not one per message.
   */
  keepAlive(roomId: string, expiresAt: number, slackSeconds: number): Promise<void>;
}

export interface ConnectionStore {
  /**
   * `slotsKey`: whose socket slot (see SocketSlots) the record holds; deleting the record then frees that slot,
   * whichever path deletes it (`$disconnect`, or fan-out finding the socket gone).
   */
  putConnection(connection: Connection, expiresAt: number, slotsKey?: string): Promise<void>;
  getConnection(connectionId: string): Promise<Connection | undefined>;
  /** Returns the deleted connection, if it existed. */
  deleteConnection(connectionId: string): Promise<Connection | undefined>;
  moveConnection(connectionId: string, roomId: string): Promise<Connection | undefined>;
  /**
   * Pages of the room's live connections (a Query that follows LastEvaluatedKey, never a Scan); `pageSize` caps
   * the items each Query reads (so a page may be shorter: expired sockets are filtered out after the read).
   */
  roomConnections(roomId: string, nowSeconds: number, pageSize?: number): AsyncIterable<Connection[]>;
}

/** One name's sockets entering and leaving one room, as the table's stream reported them (core/presence-stream.ts). */
export interface MemberSockets {
  roomId: string;
  name: string;
  enter: readonly string[];
  leave: readonly string[];
  /** The entering sockets' expiry (epoch seconds): the member's own, so a member left by dropped sockets expires. */
  expiresAt: number;
}

/** Who is in each room, by name (one item per name, holding the ids of its sockets there). */
export interface MemberStore {
  /**
   * Adds and removes the sockets (set operations, so a retried batch changes nothing twice) and returns the name's
   * live sockets in the room afterwards; a member left with none is deleted.
   */
  applySockets(change: MemberSockets, nowSeconds: number): Promise<string[]>;
  /** A page of live members' names, sorted, after `after` ('' for the first). */
  listMembers(
    roomId: string,
    query: { limit: number; after: string },
    nowSeconds: number,
  ): Promise<{ names: string[]; hasMore: boolean }>;
  /** How many live members the room has (a COUNT query on its partition: no items are returned). */
  countMembers(roomId: string, nowSeconds: number): Promise<number>;
}

/**
 * The open sockets of each identity, counted so `$connect` can refuse one past the limit without a Scan. A slot
 * is held until the socket's record is deleted or, for a socket dropped without `$disconnect`, until `untilSeconds`
 * (past which the socket cannot be open any more): stale slots are freed when the identity next reaches its limit.
 */
export interface SocketSlots {
  /**
   * Takes a slot for the socket; false when `limit` live sockets of the identity hold them all. `slotsKey`: the
   * identity's key for its sockets (core/identity.ts `identityKey`).
   */
  claim(
    slotsKey: string,
    connectionId: string,
    untilSeconds: number,
    nowSeconds: number,
    limit: number,
  ): Promise<boolean>;
  release(slotsKey: string, connectionId: string): Promise<void>;
}

/** Paces `typing` per socket, and keeps it to the socket's own room. */
export interface TypingGate {
  /**
   * True (and records this one) when the socket is registered in `roomId` and passed no `typing` on in the last
   * `intervalMs`; false otherwise.
   */
  tryTyping(connectionId: string, roomId: string, nowMs: number, intervalMs: number): Promise<boolean>;
}

/** The result of one post to a socket. */
export type SendOutcome = 'sent' | 'gone' | 'throttled';

export interface SocketSender {
  /** 'gone': the socket is closed (410); 'throttled': try again later. Other failures throw. */
  send(connectionId: string, data: string): Promise<SendOutcome>;
}

export interface EventPublisher {
  publish(detailType: string, detail: object): Promise<void>;
}

export interface RateLimiter {
  /** True when `key` may act now (and records that it did). */
  tryTake(key: string, nowMs: number): Promise<boolean>;
}

export interface Clock {
  now(): number;
}
