import { recordAction } from '../adapters/action-telemetry';
import { ChatError } from '../core/errors';
import { senderTypeOf } from '../core/identity';
import {
  deleteMessage,
  editMessage,
  type MessageActionDeps,
  react,
  requireRoomFor,
} from '../core/message-actions';
import { type MarkReadDeps, markRead } from '../core/unread';
import { parseJsonObject } from '../core/validation';
import { bodyText, httpHandler, type Reply } from './http-handler';
import type { Authenticate, Person } from './person';

export type MessageActionsDeps = MessageActionDeps &
  Omit<MarkReadDeps, 'clock'> & { authenticate: Authenticate };

type Route = (
  deps: MessageActionsDeps,
  person: Person,
  params: Record<string, string | undefined>,
  body: () => Record<string, unknown>,
) => Promise<Reply>;

const routes: Record<string, Route> = {
  'PATCH /rooms/{roomId}/messages/{messageId}': async (deps, person, params, body) => {
    const result = await editMessage(deps, { ...ref(params, person), text: body().text });
    recordAction('edited', result);
    return { status: 200, body: { message: result.message } };
  },
  'DELETE /rooms/{roomId}/messages/{messageId}': async (deps, person, params) => {
    recordAction('deleted', await deleteMessage(deps, ref(params, person)));
    return { status: 204, body: null };
  },
  'PUT /rooms/{roomId}/messages/{messageId}/reactions/{emoji}': (deps, person, params) =>
    reaction(deps, person, params, 'add'),
  'DELETE /rooms/{roomId}/messages/{messageId}/reactions/{emoji}': (deps, person, params) =>
    reaction(deps, person, params, 'remove'),
  'POST /rooms/{roomId}/read': async (deps, person, params, body) => {
    const reader = { kind: person.identity.kind, name: person.name };
    await requireRoomFor(deps, params.roomId, reader);
    await markRead(deps, { roomId: params.roomId, messageId: body().messageId, reader });
    return { status: 204, body: null };
  },
};

/**
 * MessageActions: the HTTP routes that change a message or a read marker, one function for all five (they share
 * their bindings; each route is its own API Gateway route). The person comes from the Bearer token.
 */
export function makeMessageActionsHandler(deps: MessageActionsDeps) {
  return httpHandler(async (event) => {
    const route = routes[event.routeKey];
    // API Gateway sends this function only the routes above (infra/spec.ts).
    if (!route) throw new ChatError('not_found', `No route ${event.routeKey}`);
    const person = await deps.authenticate(event, deps.clock.now());
    return route(deps, person, event.pathParameters ?? {}, () => parseJsonObject(bodyText(event)));
  });
}

function ref(params: Record<string, string | undefined>, person: Person) {
  return {
    roomId: params.roomId,
    messageId: params.messageId,
    author: {
      name: person.name,
      senderType: senderTypeOf(person.identity),
      ...(person.sessionId === undefined ? {} : { sessionId: person.sessionId }),
    },
  };
}

async function reaction(
  deps: MessageActionsDeps,
  person: Person,
  params: Record<string, string | undefined>,
  change: 'add' | 'remove',
): Promise<Reply> {
  const result = await react(deps, {
    roomId: params.roomId,
    messageId: params.messageId,
    emoji: params.emoji,
    name: person.name,
    kind: person.identity.kind,
    change,
  });
  recordAction('reacted', result);
  return { status: 200, body: { message: result.message } };
}
