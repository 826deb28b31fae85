/**
 * The contract's shapes as the page sees them: inferred from the schemas in lambdas/contract, so the page and the
 * server cannot drift. Type-only imports: they add nothing to the bundle.
 */
import type { PageConfig } from '../lambdas/contract/config';
import type {
  ChatMessage as ContractMessage,
  Room as ContractRoom,
  RoomSummary,
} from '../lambdas/contract/resources';

export type { ReplyTo, SenderType, Session } from '../lambdas/contract/resources';
export type { ServerFrame } from '../lambdas/contract/websocket';

export type Config = PageConfig;

/**
 * The page reads a room's id and name (and shows the lobby before the list has loaded); issue 16 adds whether it
 * is private, a direct message (with whom) and the person's role there.
 */
export type Room = Pick<ContractRoom, 'roomId' | 'name' | 'visibility' | 'kind'> &
  Pick<RoomSummary, 'dmWith' | 'role'>;

/** A room as GET /rooms lists it: with a token, with that person's unread and mention counts. */
export type RoomListing = Room & { unread?: number; mentions?: number };

/** A message as the server sends it, plus what only the page knows. */
export type ChatMessage = ContractMessage & {
  /** Local only: the id this page gave the message when it sent it (keeps its DOM node across the ack). */
  clientMessageId?: string;
  /** A tombstone (history's DeletedMessage, or a `messageDeleted` frame): its text is gone (kept here as ''). */
  deleted?: true;
};

export interface MessagePage {
  messages: ChatMessage[];
  next: string | null;
}
