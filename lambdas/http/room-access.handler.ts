import { ChatError } from '../core/errors';
import { liftSanction, type ModerationDeps, mutePerson, removePerson } from '../core/moderation';
import { moderationLog } from '../core/moderation-log';
import type { Clock } from '../core/ports';
import type { Quota } from '../core/quota';
import type { Viewer } from '../core/room-access';
import { deleteMember, listRoles, type MembershipDeps, openDm, putMember } from '../core/room-membership';
import { parseJsonObject } from '../core/validation';
import { bodyText, httpHandler, type Reply } from './http-handler';
import { type Authenticate, hasAuthorization, type Person } from './person';

export type RoomAccessDeps = MembershipDeps &
  ModerationDeps & {
    authenticate: Authenticate;
    clock: Clock;
    /** New direct messages count against the opener's rooms an hour (LIMIT_ROOMS_PER_HOUR_ACCOUNT). */
    roomsPerHour: Quota;
  };

interface RouteInput {
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** The JSON body; `optional`: none (or an empty one) reads as `{}`. */
  body: (optional?: boolean) => Record<string, unknown>;
  nowMs: number;
}

type Route = (deps: RoomAccessDeps, viewer: Viewer, input: RouteInput) => Promise<Reply>;

function viewerOf(person: Person): Viewer {
  return { name: person.name, kind: person.identity.kind };
}

const routes: Record<string, Route> = {
  'PUT /rooms/{roomId}/members/{name}': async (deps, actor, { params, body, nowMs }) => {
    const member = await putMember(
      deps,
      { roomId: params.roomId, name: params.name, role: body(true).role, actor },
      nowMs,
    );
    return { status: 200, body: { member } };
  },
  'DELETE /rooms/{roomId}/members/{name}': async (deps, actor, { params, nowMs }) => {
    await deleteMember(deps, { roomId: params.roomId, name: params.name, actor }, nowMs);
    return { status: 204, body: null };
  },
  'POST /dms': async (deps, actor, { body, nowMs }) => {
    const { room, created } = await openDm(deps, { name: body().name, actor }, nowMs);
    return { status: created ? 201 : 200, body: { room } };
  },
  'POST /rooms/{roomId}/removals': async (deps, actor, { params, body, nowMs }) => {
    const sanction = await removePerson(deps, { roomId: params.roomId, body: body(), actor }, nowMs);
    return { status: 201, body: { sanction } };
  },
  'DELETE /rooms/{roomId}/removals/{name}': async (deps, actor, { params, nowMs }) => {
    await liftSanction(deps, { roomId: params.roomId, name: params.name, kind: 'removal', actor }, nowMs);
    return { status: 204, body: null };
  },
  'POST /rooms/{roomId}/mutes': async (deps, actor, { params, body, nowMs }) => {
    const sanction = await mutePerson(deps, { roomId: params.roomId, body: body(), actor }, nowMs);
    return { status: 201, body: { sanction } };
  },
  'DELETE /rooms/{roomId}/mutes/{name}': async (deps, actor, { params, nowMs }) => {
    await liftSanction(deps, { roomId: params.roomId, name: params.name, kind: 'mute', actor }, nowMs);
    return { status: 204, body: null };
  },
  'GET /rooms/{roomId}/moderation': async (deps, viewer, { params, query, nowMs }) => ({
    status: 200,
    body: await moderationLog(deps, { roomId: params.roomId, query, viewer }, nowMs),
  }),
};

/**
 * RoomAccess: private rooms' members, roles, direct messages and moderation (issue 16), one function for the
 * routes (they share their bindings). Every route but GET …/roles needs a Bearer token; GET …/roles takes one
 * for a private room (a public room's roles are anyone's to read).
 */
export function makeRoomAccessHandler(deps: RoomAccessDeps) {
  return httpHandler(async (event) => {
    const nowMs = deps.clock.now();
    const params = event.pathParameters ?? {};
    const query = event.queryStringParameters ?? {};
    if (event.routeKey === 'GET /rooms/{roomId}/roles') {
      const person = hasAuthorization(event) ? await deps.authenticate(event, nowMs) : undefined;
      const viewer = person ? viewerOf(person) : undefined;
      return { status: 200, body: await listRoles(deps, { roomId: params.roomId, query, viewer }) };
    }
    const route = routes[event.routeKey];
    // API Gateway sends this function only the routes above (infra/spec.ts).
    if (!route) throw new ChatError('not_found', `No route ${event.routeKey}`);
    const person = await deps.authenticate(event, nowMs);
    const body = (optional = false) => {
      const text = bodyText(event);
      return optional && (text === undefined || text.trim() === '') ? {} : parseJsonObject(text);
    };
    return route(deps, viewerOf(person), { params, query, body, nowMs });
  });
}
