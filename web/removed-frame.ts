/**
 * A `removed` frame (issue 16): a moderator removed the reader from a room, or the reader's membership of a
 * private room ended. The server has already moved the socket to the lobby; the page follows it there, says why
 * (with the time a public room's removal ends), and lets go of a private room, which it may no longer read.
 */

import type { RemovedFrame } from '../lambdas/contract/access';
import { LOBBY_ROOM_ID } from '../lambdas/contract/limits';
import { removedNotice } from './access-errors';
import { roomLabel } from './room-groups';
import type { Rooms } from './rooms';

export interface RemovedFrameDeps {
  rooms: Pick<Rooms, 'rooms' | 'current' | 'forget' | 'select'>;
  /** Shows the notice (read out at once). */
  notify: (text: string) => void;
  now: () => number;
}

export function handleRemoved(frame: RemovedFrame, deps: RemovedFrameDeps): void {
  const { rooms } = deps;
  const room = rooms.rooms.find((r) => r.roomId === frame.roomId);
  deps.notify(removedNotice(frame, room ? roomLabel(room) : `# ${frame.roomId}`, new Date(deps.now())));
  if (room?.visibility === 'private') rooms.forget(frame.roomId);
  else if (frame.roomId === rooms.current) rooms.select(LOBBY_ROOM_ID);
}
