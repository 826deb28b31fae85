import { listHistory } from '../core/messages';
import type { Clock, MessageStore, RoomStore } from '../core/ports';
import type { RoomAccessStore } from '../core/room-access';
import { httpHandler } from './http-handler';
import { type Authenticate, requireViewer } from './person';

/**
 * GET /rooms/{roomId}/messages?limit&before&after → {"messages":[oldest→newest],"next"}. A private room's history
 * only for a member's token (404 otherwise, as for a room that does not exist); a public room's for anyone.
 */
export function makeListMessagesHandler(deps: {
  messages: MessageStore;
  rooms: RoomStore;
  access: RoomAccessStore;
  authenticate: Authenticate;
  clock: Clock;
}) {
  return httpHandler(async (event) => {
    await requireViewer(deps, event, event.pathParameters?.roomId);
    const query = event.queryStringParameters ?? {};
    const page = await listHistory(deps, {
      roomId: event.pathParameters?.roomId,
      limit: query.limit,
      before: query.before,
      after: query.after,
    });
    return { status: 200, body: page };
  });
}
