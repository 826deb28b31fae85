/** The shapes of the public contract, as core uses them: inferred from the contract's schemas (lambdas/contract). */
export { BOT_NAME } from '../contract/limits';
export type { ChatMessage, Room, SenderType } from '../contract/resources';
export type { ServerFrame } from '../contract/websocket';

/** A socket's record: core's own, not part of the contract. */
export interface Connection {
  connectionId: string;
  roomId: string;
  name: string;
  connectedAt: string;
  /** The session that opened the socket (from the authorizer), which signing out closes. */
  sessionId?: string;
}
