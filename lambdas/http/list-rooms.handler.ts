import type { Clock, RoomStore } from '../core/ports';
import type { RoomAccessStore } from '../core/room-access';
import { privateRoomsFor } from '../core/room-membership';
import { listRooms } from '../core/rooms';
import { type UnreadDeps, unreadCounts } from '../core/unread';
import { httpHandler } from './http-handler';
import { type Authenticate, hasAuthorization } from './person';

export interface ListRoomsDeps extends UnreadDeps {
  rooms: RoomStore;
  clock: Clock;
  authenticate: Authenticate;
  /** The person's private rooms and direct messages, from their roles (issue 16). */
  access: RoomAccessStore;
}

/**
 * GET /rooms?limit&next → {"rooms":[…],"next"}, the lobby opening the first page. With a Bearer token, each room
 * also carries that person's `unread` and `mentions` counts (a bad token is 401, not a page without counts).
 */
export function makeListRoomsHandler(deps: ListRoomsDeps) {
  return httpHandler(async (event) => {
    const query = event.queryStringParameters ?? {};
    // The token first: a refused one costs no read of the rooms.
    const person = hasAuthorization(event) ? await deps.authenticate(event, deps.clock.now()) : undefined;
    const page = await listRooms(deps.rooms, { limit: query.limit, next: query.next });
    if (!person) return { status: 200, body: page };
    const reader = { kind: person.identity.kind, name: person.name };
    // The first page lists the person's private rooms right after the lobby (only the first: they are few, and
    // a public page's cursor knows nothing of them).
    const first = !query.next;
    const mine = first ? await privateRoomsFor(deps, reader, deps.clock.now()) : [];
    const listed = first ? [...page.rooms.slice(0, 1), ...mine, ...page.rooms.slice(1)] : page.rooms;
    const counts = await unreadCounts(
      deps,
      reader,
      listed.map((room) => room.roomId),
    );
    const rooms = listed.map((room) => ({
      ...room,
      ...(counts.get(room.roomId) ?? { unread: 0, mentions: 0 }),
    }));
    return { status: 200, body: { ...page, rooms } };
  });
}
