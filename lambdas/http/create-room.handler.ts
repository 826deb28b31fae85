import { identityOf } from '../core/identity';
import type { Clock } from '../core/ports';
import { createRoomWithinLimit, type RoomCreationDeps } from '../core/room-creation';
import { parseJsonObject } from '../core/validation';
import { requireSession, type SessionAuth } from './auth';
import { bodyText, httpHandler } from './http-handler';

/**
 * POST /rooms {"name"} (Bearer) → 201 {"room"}; the id is a slug of the name. 409 when taken, 429 once the
 * creator has made the hour's rooms.
 */
export function makeCreateRoomHandler(deps: RoomCreationDeps & SessionAuth & { clock: Clock }) {
  return httpHandler(async (event) => {
    const now = deps.clock.now();
    const session = await requireSession(event, deps, now);
    const room = await createRoomWithinLimit(
      deps,
      parseJsonObject(bodyText(event)).name,
      identityOf(session),
      now,
    );
    return { status: 201, body: { room } };
  });
}
