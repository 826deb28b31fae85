/** The shapes of the public contract (DESIGN.md §3). */

export interface ChatMessage {
  messageId: string;
  roomId: string;
  sender: string;
  text: string;
  /** ISO-8601 UTC. */
  createdAt: string;
}

export interface Room {
  roomId: string;
  name: string;
  createdAt: string;
  createdBy: string;
}

export interface Connection {
  connectionId: string;
  roomId: string;
  name: string;
  connectedAt: string;
}

/** Frames the server sends on the WebSocket, routed on `type`. */
export type ServerFrame =
  | { type: 'message'; message: ChatMessage }
  | { type: 'ack'; clientMessageId?: string; messageId: string }
  | { type: 'error'; code: string; message: string; clientMessageId?: string }
  | { type: 'presence'; roomId: string; members: string[] }
  | { type: 'typing'; roomId: string; name: string }
  | { type: 'pong' };

/** The one bot; its name is reserved for guests. Must equal `botName` in infra/spec.ts (a test checks). */
export const BOT_NAME = 'Pyro';
