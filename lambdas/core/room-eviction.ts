import type { RemovedFrame } from '../contract/access';
import { LOBBY_ROOM_ID } from '../contract/limits';
import { sendFrame } from './fan-out';
import type { ConnectionStore, SocketSender } from './ports';
import { personKey } from './room-access';

export interface EvictionDeps {
  connections: Pick<ConnectionStore, 'roomConnections' | 'moveConnection'>;
  sockets: SocketSender;
}

/**
 * Tells each of the person's sockets in the room that they are out (`removed`) and moves it to the lobby (the
 * table's stream then tells both rooms, as for a joinRoom). Finding them reads the room's connections a page at a
 * time (a Query per page, never a Scan): a moderation action, rare, pays for its room's size; messages pay nothing.
 * The frame goes first, so the page knows why before the lobby's frames arrive. Returns how many were moved.
 */
export async function evict(
  deps: EvictionDeps,
  roomId: string,
  name: string,
  reason: string,
  until: string | undefined,
  nowMs: number,
): Promise<number> {
  if (roomId === LOBBY_ROOM_ID) return 0;
  const key = personKey(name);
  const frame: RemovedFrame = { type: 'removed', roomId, reason, ...(until ? { until } : {}) };
  let moved = 0;
  for await (const page of deps.connections.roomConnections(roomId, Math.floor(nowMs / 1000))) {
    for (const connection of page) {
      if (personKey(connection.name) !== key) continue;
      // A socket gone meanwhile is no loss: it is out of the room either way.
      await sendFrame(deps.sockets, connection.connectionId, frame).catch(() => undefined);
      if (await deps.connections.moveConnection(connection.connectionId, LOBBY_ROOM_ID)) moved++;
    }
  }
  return moved;
}
