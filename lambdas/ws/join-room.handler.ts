import { joinRoom, type PresenceDeps } from '../core/presence';
import { frameHandler } from './websocket-handler';

/** `joinRoom {roomId}`: moves this socket to another room; both rooms get `presence`. */
export function makeJoinRoomHandler(deps: PresenceDeps) {
  return frameHandler(deps.sockets, async ({ connectionId, name, frame }) => {
    await joinRoom(deps, { connectionId, name, roomId: frame.roomId });
  });
}
