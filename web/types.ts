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

export interface ChatMessage {
  messageId: string;
  roomId: string;
  sender: string;
  text: string;
  /** ISO-8601 UTC. */
  createdAt: string;
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
