import type { IdentityCheckDeps } from '../core/identity-check';
import type { Clock } from '../core/ports';
import { createRoomWithinLimit, type RoomCreationDeps } from '../core/room-creation';
import { parseJsonObject } from '../core/validation';
import { requirePerson } from './auth';
import { bodyText, httpHandler } from './http-handler';

/**
 * POST /rooms {"name"} (Bearer) → 201 {"room"}; the id is a slug of the name. 409 when taken, 429 once the
 * creator has made the hour's rooms (an account's allowance is larger than a guest's).
 */
export function makeCreateRoomHandler(
  deps: RoomCreationDeps & { identityCheck: IdentityCheckDeps; clock: Clock },
) {
  return httpHandler(async (event) => {
    const now = deps.clock.now();
    const person = await requirePerson(event, deps.identityCheck, now);
    const body = parseJsonObject(bodyText(event));
    const room = await createRoomWithinLimit(deps, body.name, person.identity, now, body.visibility);
    return { status: 201, body: { room } };
  });
}
