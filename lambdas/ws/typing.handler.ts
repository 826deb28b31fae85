import { type PresenceDeps, typing } from '../core/presence';
import { frameHandler } from './websocket-handler';

/** `typing {roomId}`: tells the others in the room who is typing. */
export function makeTypingHandler(deps: Omit<PresenceDeps, 'bus'>) {
  return frameHandler(deps.sockets, async ({ connectionId, name, frame }) => {
    await typing(deps, { connectionId, name, roomId: frame.roomId });
  });
}
