import { ChatError } from '../core/errors';
import type { SocketSender } from '../core/ports';
import { frameHandler } from './websocket-handler';

/** `$default`: API Gateway routes here what has no known `action` (including frames that are not JSON). */
export function makeDefaultHandler(deps: { sockets: SocketSender }) {
  return frameHandler(deps.sockets, async ({ frame }) => {
    const action = typeof frame.action === 'string' ? frame.action : undefined;
    throw new ChatError(
      'unknown_action',
      action
        ? `Unknown action "${action}": use sendMessage, joinRoom, typing or ping`
        : 'Frames need an "action": sendMessage, joinRoom, typing or ping',
    );
  });
}
