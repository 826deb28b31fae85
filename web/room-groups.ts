/**
 * Rooms and direct messages (issue 16): the room list shows direct messages apart, each titled by the other
 * person's name, and marks private rooms in words as well as with an icon.
 */
import type { Room } from './types';

const isDirectMessage = (room: Room): boolean => room.kind === 'dm';

/** A private room that is not a direct message (those are private by nature, and listed apart). */
export const isPrivateRoom = (room: Room): boolean => room.visibility === 'private' && !isDirectMessage(room);

/** The list split in two, each keeping its order: rooms (the lobby first) and direct messages. */
export function groupRooms(list: readonly Room[]): { rooms: Room[]; dms: Room[] } {
  const rooms: Room[] = [];
  const dms: Room[] = [];
  for (const room of list) (isDirectMessage(room) ? dms : rooms).push(room);
  return { rooms, dms };
}

/** "# Book Club" for a room, "@ Grace" for a direct message (its stored name names both people). */
export function roomLabel(room: Room): string {
  return isDirectMessage(room) ? `@ ${room.dmWith ?? room.name}` : `# ${room.name}`;
}

/** The open room's title; a room not (yet) listed shows its id. */
export function roomTitle(list: readonly Room[], current: string): string {
  const room = list.find((r) => r.roomId === current);
  if (!room) return `# ${current}`;
  const label = roomLabel(room);
  if (isDirectMessage(room)) return `Direct message with ${room.dmWith ?? room.name}`;
  return isPrivateRoom(room) ? `${label} (private)` : label;
}
