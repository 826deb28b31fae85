import { type TypingDeps, typing } from '../core/typing';
import { frameHandler } from './websocket-handler';

/** `typing {roomId}`: tells the others in the socket's room who is typing (paced; the excess is dropped). */
export function makeTypingHandler(deps: TypingDeps) {
  return frameHandler(deps.sockets, async ({ connectionId, name, frame }) => {
    await typing(deps, { connectionId, name, roomId: frame.roomId });
  });
}
