import { listMembers } from '../core/member-list';
import type { Clock, MemberStore, RoomStore } from '../core/ports';
import { httpHandler } from './http-handler';

/** GET /rooms/{roomId}/members?limit&next → {"roomId","members":[names],"count","next"}: who is connected now. */
export function makeListMembersHandler(deps: { rooms: RoomStore; members: MemberStore; clock: Clock }) {
  return httpHandler(async (event) => {
    const query = event.queryStringParameters ?? {};
    const page = await listMembers(deps, {
      roomId: event.pathParameters?.roomId,
      limit: query.limit,
      next: query.next,
    });
    return { status: 200, body: page };
  });
}
