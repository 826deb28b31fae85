/**
 * The contract's shapes as the page sees them: inferred from the schemas in lambdas/contract, so the page and the
 * server cannot drift. Type-only imports: they add nothing to the bundle.
 */
import type { PageConfig } from '../lambdas/contract/config';
import type { ChatMessage as ContractMessage, Room as ContractRoom } from '../lambdas/contract/resources';

export type { SenderType, Session } from '../lambdas/contract/resources';
export type { ServerFrame } from '../lambdas/contract/websocket';

export type Config = PageConfig;

/** The page reads a room's id and name only (and shows the lobby before the list has loaded). */
export type Room = Pick<ContractRoom, 'roomId' | 'name'>;

/** A message as the server sends it, plus what only the page knows. */
export type ChatMessage = ContractMessage & {
  /** Local only: the id this page gave the message when it sent it (keeps its DOM node across the ack). */
  clientMessageId?: string;
};

export interface MessagePage {
  messages: ChatMessage[];
  next: string | null;
}
