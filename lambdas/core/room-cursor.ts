import { ROOM_ID_PATTERN } from '../contract/fields';
import { ChatError } from './errors';

/**
 * GET /rooms' `next`: the id of the last room a page held, wrapped so that clients treat it as opaque (the
 * listing's order and key may change without breaking them). '' stands for "after the lobby": the first page
 * with `limit=1` holds only the lobby.
 */
const PREFIX = 'rooms:';

export function encodeRoomCursor(lastRoomId: string): string {
  return Buffer.from(`${PREFIX}${lastRoomId}`, 'utf8').toString('base64url');
}

/** The room id a cursor continues after; `invalid_cursor` for anything this function did not write. */
export function decodeRoomCursor(raw: string): string {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  // Node's decoder skips characters outside the alphabet: only a cursor that re-encodes to itself is one of ours.
  const roomId = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : undefined;
  if (
    roomId === undefined ||
    encodeRoomCursor(roomId) !== raw ||
    (roomId !== '' && !ROOM_ID_PATTERN.test(roomId))
  ) {
    throw new ChatError('invalid_cursor', 'next must be the cursor of an earlier page');
  }
  return roomId;
}
