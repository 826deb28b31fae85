import { LOBBY_ROOM_ID } from '../contract/limits';
import { ChatError } from './errors';
import type { Identity, IdentityKind } from './identity';
import { identityKey } from './identity';
import type { RoomStore } from './ports';
import { type Quota, takeOrRefuse } from './quota';
import type { RoomAccessStore } from './room-access';
import { createRoomAs, parseVisibility, requireRoomSlug } from './room-membership';
import type { Room } from './types';
import { validateRoomName } from './validation';

export interface RoomCreationDeps {
  rooms: RoomStore;
  /** An account's room records its owner; a private room its members (core/room-access.ts). */
  access: RoomAccessStore;
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
  rawVisibility?: unknown,
): Promise<Room> {
  const roomId = requireRoomSlug(validateRoomName(rawName));
  if (roomId === LOBBY_ROOM_ID || (await deps.rooms.getRoom(roomId))) {
    throw new ChatError('room_exists', `A room "${roomId}" exists already`);
  }
  if (parseVisibility(rawVisibility) === 'private' && creator.kind !== 'account') {
    throw new ChatError('forbidden', 'Only accounts can have private rooms: sign in with an account');
  }
  const quota = deps.roomsPerHour[creator.kind];
  await takeOrRefuse(
    quota,
    identityKey('rooms', creator),
    nowMs,
    `You can create at most ${quota.count} rooms an hour: try again later`,
  );
  return createRoomAs(deps, rawName, rawVisibility, creator, nowMs);
}
