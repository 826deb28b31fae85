import { type JoinRoomDeps, joinRoom } from '../core/presence';
import { frameHandler } from './websocket-handler';

/** `joinRoom {roomId}`: moves this socket to another room; both rooms get `presence` (paced per socket). */
export function makeJoinRoomHandler(deps: JoinRoomDeps) {
  return frameHandler(deps.sockets, async ({ connectionId, name, frame }) => {
    await joinRoom(deps, { connectionId, name, roomId: frame.roomId });
  });
}
