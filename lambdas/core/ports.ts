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
  /** Oldest → newest. */
  messages: ChatMessage[];
  /** Whether more messages lie further in the direction of the query. */
  hasMore: boolean;
}

export interface MessageStore {
  /** `expiresAt` in epoch seconds (the table's TTL attribute). */
  putMessage(message: ChatMessage, expiresAt: number): Promise<void>;
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
  putConnection(connection: Connection, expiresAt: number): Promise<void>;
  getConnection(connectionId: string): Promise<Connection | undefined>;
  /** Returns the deleted connection, if it existed. */
  deleteConnection(connectionId: string): Promise<Connection | undefined>;
  moveConnection(connectionId: string, roomId: string): Promise<Connection | undefined>;
  /** Pages of the room's live connections (a Query that follows LastEvaluatedKey, never a Scan). */
  roomConnections(roomId: string, nowSeconds: number): AsyncIterable<Connection[]>;
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
