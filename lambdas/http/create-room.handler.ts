import type { TokenKey } from '../adapters/from-env';
import type { Clock, RoomStore } from '../core/ports';
import { createRoom } from '../core/rooms';
import { parseJsonObject } from '../core/validation';
import { requireSession } from './auth';
import { bodyText, httpHandler } from './http-handler';

/** POST /rooms {"name"} (Bearer) → 201 {"room"}; the id is a slug of the name. */
export function makeCreateRoomHandler(deps: { rooms: RoomStore; tokenKey: TokenKey; clock: Clock }) {
  return httpHandler(async (event) => {
    const now = deps.clock.now();
    const session = await requireSession(event, deps.tokenKey, now);
    const room = await createRoom(deps.rooms, parseJsonObject(bodyText(event)).name, session.name, now);
    return { status: 201, body: { room } };
  });
}
