import { listMembers } from '../core/member-list';
import type { Clock, MemberStore, RoomStore } from '../core/ports';
import type { RoomAccessStore } from '../core/room-access';
import { httpHandler } from './http-handler';
import { type Authenticate, requireViewer } from './person';

/**
 * GET /rooms/{roomId}/members?limit&next → {"roomId","members":[names],"count","next"}: who is connected now. A
 * private room's only for a member's token (404 otherwise).
 */
export function makeListMembersHandler(deps: {
  rooms: RoomStore;
  members: MemberStore;
  access: RoomAccessStore;
  authenticate: Authenticate;
  clock: Clock;
}) {
  return httpHandler(async (event) => {
    await requireViewer(deps, event, event.pathParameters?.roomId);
    const query = event.queryStringParameters ?? {};
    const page = await listMembers(deps, {
      roomId: event.pathParameters?.roomId,
      limit: query.limit,
      next: query.next,
    });
    return { status: 200, body: page };
  });
}
