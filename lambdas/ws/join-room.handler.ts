import { type JoinRoomDeps, joinRoom } from '../core/presence';
import { requireLiveSocketSession, type SessionLiveness } from '../core/session-check';
import { frameHandler } from './websocket-handler';

/**
 * `joinRoom {roomId}`: moves this socket to another room; both rooms get `presence` (paced per socket). Only while
 * the socket's session lives, as for `sendMessage`.
 */
export function makeJoinRoomHandler(deps: JoinRoomDeps & { liveness: SessionLiveness }) {
  return frameHandler(deps.sockets, async ({ connectionId, name, session, frame }) => {
    await requireLiveSocketSession(deps.liveness, session, deps.clock.now());
    await joinRoom(deps, { connectionId, name, roomId: frame.roomId });
  });
}
