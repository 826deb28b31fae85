/** The shapes of the public contract, as core uses them: inferred from the contract's schemas (lambdas/contract). */
export type { ChatMessage, Room, ServerFrame } from '../contract';
export { BOT_NAME } from '../contract';

/** A socket's record: core's own, not part of the contract. */
export interface Connection {
  connectionId: string;
  roomId: string;
  name: string;
  connectedAt: string;
}
