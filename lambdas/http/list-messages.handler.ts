import { listHistory } from '../core/messages';
import type { Clock, MessageStore, RoomStore } from '../core/ports';
import { httpHandler } from './http-handler';

/** GET /rooms/{roomId}/messages?limit&before&after → {"messages":[oldest→newest],"next"}. */
export function makeListMessagesHandler(deps: { messages: MessageStore; rooms: RoomStore; clock: Clock }) {
  return httpHandler(async (event) => {
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
