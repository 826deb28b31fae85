/**
 * An account's socket and its access token. API Gateway checks the token at `$connect` only and keeps the socket up
 * to 2 hours, but the server lets a socket post only until the expiry of the token that opened it (the authorizer
 * context's `expiresAt`; the token lives 1 hour): past it, `sendMessage` is answered with a `token_expired` error
 * frame. So a refreshed token must also replace the open socket, and a `token_expired` frame (the planned refresh
 * did not happen in time: the computer slept, Cognito was out of reach) refreshes and reconnects, with the message
 * it names back in the queue for the new socket: nothing the person typed is lost.
 */
import type { ConnectionState } from './socket';
import type { ServerFrame } from './types';

type ErrorFrame = Extract<ServerFrame, { type: 'error' }>;

export interface ErrorFrameDeps {
  /** Whether the page is signed in with an account (whose token can be refreshed). */
  isAccount: () => boolean;
  /** Whether `clientMessageId` names a message of the page's that waits for its ack. */
  isPending: (clientMessageId: string) => boolean;
  /** Back to the queue, sent again by the next flush (the new socket's onOpen). */
  requeue: (clientMessageId: string) => void;
  fail: (clientMessageId: string, message: string) => void;
  showError: (message: string, code: string) => void;
  /** The token is no longer good: an account refreshes it and reconnects (onRenewed), a guest signs in again. */
  tokenRefused: () => void;
}

/** An `error` frame: the message it names failed, and the person reads why; an expired token is renewed first. */
export function handleErrorFrame(frame: ErrorFrame, deps: ErrorFrameDeps): void {
  const { clientMessageId } = frame;
  if (frame.code === 'token_expired' && deps.isAccount()) {
    if (clientMessageId !== undefined && deps.isPending(clientMessageId)) deps.requeue(clientMessageId);
    // Not a message waiting for its ack (an edit, a reaction): the person hears it was not done.
    else deps.showError(frame.message, frame.code);
    deps.tokenRefused();
    return;
  }
  if (clientMessageId) deps.fail(clientMessageId, frame.message);
  deps.showError(frame.message, frame.code);
  if (frame.code === 'token_expired') deps.tokenRefused();
}

/** The part of ReconnectingSocket a renewal drives. */
interface RenewableSocket {
  readonly state: ConnectionState;
  dropNow(): void;
  start(): void;
  reconnectNow(): void;
}

/**
 * The access token was renewed: a socket opened (or opening) with an older token is replaced by one with the new
 * token (its onClose puts unacknowledged messages back in the queue, its successor's onOpen catches up from
 * history and sends them); a socket that stopped for want of a valid token starts again.
 */
export function renewSocket(socket: RenewableSocket, openedWith: string | null, token: string | null): void {
  if (socket.state !== 'offline' && openedWith !== token) socket.dropNow();
  socket.start();
  socket.reconnectNow();
}
