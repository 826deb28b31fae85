import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Identity } from '../core/identity';
import type { IdentityCheckDeps } from '../core/identity-check';
import type { Clock, RoomStore } from '../core/ports';
import { type RoomAccessStore, requireVisibleRoom, type Viewer } from '../core/room-access';
import type { Room } from '../core/types';
import { requirePerson } from './auth';

/** Who a Bearer token speaks for: the name they act under and how they signed in. */
export interface Person {
  name: string;
  identity: Identity;
  /** The token's session: a guest edits and deletes only the messages this session posted. */
  sessionId?: string;
}

/** Checks a request's Bearer token: the person, or `unauthorized`/`token_expired`. */
export type Authenticate = (event: APIGatewayProxyEventV2, nowMs: number) => Promise<Person>;

/** The one identity check of both kinds of token (auth.ts), as the message actions and GET /rooms take it. */
export function bearerAuthenticate(identityCheck: IdentityCheckDeps): Authenticate {
  return (event, nowMs) => requirePerson(event, identityCheck, nowMs);
}

/** Whether the request carries an `Authorization` header at all (GET /rooms counts unread only then). */
export function hasAuthorization(event: APIGatewayProxyEventV2): boolean {
  return (event.headers?.authorization ?? '') !== '';
}

/**
 * A route anyone may read for a public room, and only a member for a private one (GET history, members): the
 * room, if the request may see it (404 `room_not_found` otherwise). The token is checked only when sent (a bad one
 * is 401); a public room costs no read beyond the room's, which an instance caches.
 */
export async function requireViewer(
  deps: { rooms: RoomStore; access: RoomAccessStore; authenticate: Authenticate; clock: Clock },
  event: APIGatewayProxyEventV2,
  roomId: unknown,
): Promise<{ room: Room; viewer: Viewer | undefined }> {
  const person = hasAuthorization(event) ? await deps.authenticate(event, deps.clock.now()) : undefined;
  const viewer = person ? { name: person.name, kind: person.identity.kind } : undefined;
  const { room } = await requireVisibleRoom(deps, roomId, viewer);
  return { room, viewer };
}
