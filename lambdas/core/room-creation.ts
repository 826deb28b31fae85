import { LOBBY_ROOM_ID } from '../contract/limits';
import { ChatError } from './errors';
import type { Identity, IdentityKind } from './identity';
import { identityKey } from './identity';
import type { RoomStore } from './ports';
import { type Quota, takeOrRefuse } from './quota';
import { createRoom } from './rooms';
import type { Room } from './types';
import { slugify, validateRoomName } from './validation';

export interface RoomCreationDeps {
  rooms: RoomStore;
  /** Rooms each kind of identity may create per hour (LIMIT_ROOMS_PER_HOUR_GUEST / _ACCOUNT). */
  roomsPerHour: Record<IdentityKind, Quota>;
}

/**
 * Creates a room unless its creator has used up the hour's allowance (429 `rate_limited`). A name that is taken
 * is refused before the allowance is touched, so a person who picks a taken name keeps their rooms.
 */
export async function createRoomWithinLimit(
  deps: RoomCreationDeps,
  rawName: unknown,
  creator: Identity,
  nowMs: number,
): Promise<Room> {
  const roomId = slugify(validateRoomName(rawName));
  if (roomId === LOBBY_ROOM_ID || (await deps.rooms.getRoom(roomId))) {
    throw new ChatError('room_exists', `A room "${roomId}" exists already`);
  }
  const quota = deps.roomsPerHour[creator.kind];
  await takeOrRefuse(
    quota,
    identityKey('rooms', creator),
    nowMs,
    `You can create at most ${quota.count} rooms an hour: try again later`,
  );
  return createRoom(deps.rooms, rawName, creator.id, nowMs);
}
