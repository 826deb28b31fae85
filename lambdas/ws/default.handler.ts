import { ChatError } from '../core/errors';
import type { SocketSender } from '../core/ports';
import { frameHandler } from './websocket-handler';

/**
 * The actions the WebSocket API routes, as the error names them. Written out rather than read from the contract's
 * `actions`: importing contract/websocket.ts would bundle every frame schema into this function (a test checks
 * the two lists agree).
 */
export const ACTION_LIST =
  'sendMessage, joinRoom, typing, ping, editMessage, deleteMessage, react or markRead';

/** `$default`: API Gateway routes here what has no known `action` (including frames that are not JSON). */
export function makeDefaultHandler(deps: { sockets: SocketSender }) {
  return frameHandler(deps.sockets, async ({ frame }) => {
    const action = typeof frame.action === 'string' ? frame.action : undefined;
    throw new ChatError(
      'unknown_action',
      action ? `Unknown action "${action}": use ${ACTION_LIST}` : `Frames need an "action": ${ACTION_LIST}`,
    );
  });
}
