import { socketsFromEnv } from '../adapters/from-env';
import { ChatError } from '../core/errors';
import { frameHandler } from './respond';

const sockets = socketsFromEnv();

/** `$default`: API Gateway routes here what has no known `action` (including frames that are not JSON). */
export const handler = frameHandler(sockets, async ({ frame }) => {
  const action = typeof frame.action === 'string' ? frame.action : undefined;
  throw new ChatError(
    'unknown_action',
    action
      ? `Unknown action "${action}": use sendMessage, joinRoom, typing or ping`
      : 'Frames need an "action": sendMessage, joinRoom, typing or ping',
  );
});
