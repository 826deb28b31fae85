import { systemClock, tableFromEnv } from '../adapters/from-env';
import { listHistory } from '../core/messages';
import { httpHandler } from './respond';

const table = tableFromEnv();

/** GET /rooms/{roomId}/messages?limit&before&after → {"messages":[oldest→newest],"next"}. */
export const handler = httpHandler(async (event) => {
  const query = event.queryStringParameters ?? {};
  const page = await listHistory(
    { messages: table.messages, rooms: table.rooms, clock: systemClock },
    { roomId: event.pathParameters?.roomId, limit: query.limit, before: query.before, after: query.after },
  );
  return { status: 200, body: page };
});
