import { type JoinRoomDeps, joinRoom } from '../core/presence';
import { type RoomAccessStore, requireEntry } from '../core/room-access';
import { requireLiveSocketSession, type SessionLiveness } from '../core/session-check';
import { frameHandler } from './websocket-handler';

/**
 * `joinRoom {roomId}`: moves this socket to another room; both rooms get `presence` (paced per socket). Only while
 * the socket's session lives, as for `sendMessage`.
 */
export function makeJoinRoomHandler(
  deps: JoinRoomDeps & { liveness: SessionLiveness; access: RoomAccessStore },
) {
  return frameHandler(deps.sockets, async ({ connectionId, name, identity, session, frame }) => {
    await requireLiveSocketSession(deps.liveness, session, deps.clock.now());
    // A private room only for its members (404 as for no room), no room while removed from it (403 `removed`).
    await requireEntry(deps, frame.roomId, { name, kind: identity.kind }, deps.clock.now());
    await joinRoom(deps, { connectionId, name, roomId: frame.roomId });
  });
}
