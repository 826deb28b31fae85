import type { Clock, RoomStore } from '../core/ports';
import { listRooms } from '../core/rooms';
import { type UnreadDeps, unreadCounts } from '../core/unread';
import { httpHandler } from './http-handler';
import { type Authenticate, hasAuthorization } from './person';

export interface ListRoomsDeps extends UnreadDeps {
  rooms: RoomStore;
  clock: Clock;
  authenticate: Authenticate;
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
    const counts = await unreadCounts(
      deps,
      reader,
      page.rooms.map((room) => room.roomId),
    );
    const rooms = page.rooms.map((room) => ({
      ...room,
      ...(counts.get(room.roomId) ?? { unread: 0, mentions: 0 }),
    }));
    return { status: 200, body: { ...page, rooms } };
  });
}
