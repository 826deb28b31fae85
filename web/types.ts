import type { ChatMessage as ServerMessage } from '../lambdas/core/types';

/** Shapes of the public contract (DESIGN.md §3) as the page sees them. */

export interface Config {
  httpApiUrl: string;
  webSocketUrl: string;
}

export interface Session {
  token: string;
  name: string;
  /** ISO-8601 string or epoch (seconds or ms); the contract leaves the encoding open, so both are accepted. */
  expiresAt: string | number;
}

export interface Room {
  roomId: string;
  name: string;
}

/** A message as the server sends it (the contract's shape, shared with the server's core). */
export interface ChatMessage extends ServerMessage {
  /** Local only: the id this page gave the message when it sent it (keeps its DOM node across the ack). */
  clientMessageId?: string;
}

export interface MessagePage {
  messages: ChatMessage[];
  next: string | null;
}

export type ServerFrame =
  | { type: 'message'; message: ChatMessage }
  | { type: 'ack'; clientMessageId: string; messageId: string }
  | { type: 'error'; code: string; message: string; clientMessageId?: string }
  | { type: 'presence'; roomId: string; members: string[] }
  | { type: 'typing'; roomId: string; name: string }
  | { type: 'pong' };
