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

export interface RoomStore {
  getRoom(roomId: string): Promise<Room | undefined>;
  /** False when a room with that id exists already. */
  createRoom(room: Room): Promise<boolean>;
  listRooms(): Promise<Room[]>;
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
