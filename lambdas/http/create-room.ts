import { systemClock, tableFromEnv, tokenKeyFromEnv } from '../adapters/from-env';
import { createRoom } from '../core/rooms';
import { parseJsonObject } from '../core/validation';
import { requireSession } from './auth';
import { bodyText, httpHandler } from './respond';

const table = tableFromEnv();
const tokenKey = tokenKeyFromEnv();

/** POST /rooms {"name"} (Bearer) → 201 {"room"}; the id is a slug of the name. */
export const handler = httpHandler(async (event) => {
  const now = systemClock.now();
  const session = await requireSession(event, tokenKey, now);
  const room = await createRoom(table.rooms, parseJsonObject(bodyText(event)).name, session.name, now);
  return { status: 201, body: { room } };
});
