import { recordAction } from '../adapters/action-telemetry';
import { ChatError } from '../core/errors';
import { sendFrame } from '../core/fan-out';
import { senderTypeOf } from '../core/identity';
import {
  deleteMessage,
  editMessage,
  type MessageActionDeps,
  react,
  requireRoomFor,
} from '../core/message-actions';
import { requireLiveSocketSession, type SessionLiveness } from '../core/session-check';
import { type MarkReadDeps, markRead } from '../core/unread';
import { validateClientMessageId } from '../core/validation';
import { type FrameContext, frameHandler } from './websocket-handler';

export type WsMessageActionsDeps = MessageActionDeps &
  Omit<MarkReadDeps, 'clock'> & { liveness: SessionLiveness };

type Action = (deps: WsMessageActionsDeps, ctx: FrameContext) => Promise<void>;

const actions: Record<string, Action> = {
  editMessage: async (deps, { frame, name, identity, session }) => {
    const author = authorOf(name, identity, session);
    const result = await editMessage(deps, { ...ref(frame), author, text: frame.text });
    recordAction('edited', result);
  },
  deleteMessage: async (deps, { frame, name, identity, session }) => {
    const author = authorOf(name, identity, session);
    recordAction('deleted', await deleteMessage(deps, { ...ref(frame), author }));
  },
  react: async (deps, { frame, name, identity }) => {
    const reaction = {
      ...ref(frame),
      emoji: frame.emoji,
      name,
      kind: identity.kind,
      change: 'toggle' as const,
    };
    recordAction('reacted', await react(deps, reaction));
  },
  markRead: async (deps, { frame, name, identity }) => {
    await requireRoomFor(deps, frame.roomId, { name, kind: identity.kind });
    await markRead(deps, { ...ref(frame), reader: { kind: identity.kind, name } });
  },
};

/**
 * WsMessageActions: `editMessage`, `deleteMessage`, `react` and `markRead` (one function for the four routes;
 * they share their bindings). The room hears of a change through `messageUpdated`/`messageDeleted`; the sender
 * gets an `ack` when its frame carried a `clientMessageId`, an `error` frame when it failed.
 */
export function makeWsMessageActionsHandler(deps: WsMessageActionsDeps) {
  return frameHandler(deps.sockets, async (ctx) => {
    const action = typeof ctx.frame.action === 'string' ? actions[ctx.frame.action] : undefined;
    // API Gateway routes only these four actions here (infra/spec.ts).
    if (!action)
      throw new ChatError('unknown_action', 'This route takes editMessage, deleteMessage, react, markRead');
    const clientMessageId = validateClientMessageId(ctx.frame.clientMessageId);
    // As for sendMessage: only while the socket's session lives (not expired, not signed out; one read).
    await requireLiveSocketSession(deps.liveness, ctx.session, deps.clock.now());
    await action(deps, ctx);
    if (clientMessageId !== undefined && typeof ctx.frame.messageId === 'string') {
      await sendFrame(deps.sockets, ctx.connectionId, {
        type: 'ack',
        clientMessageId,
        messageId: ctx.frame.messageId,
      });
    }
  });
}

/** The socket's person as an author: a guest's also by the session that opened the socket. */
function authorOf(name: string, identity: FrameContext['identity'], session: FrameContext['session']) {
  return {
    name,
    senderType: senderTypeOf(identity),
    ...(session.sessionId === undefined ? {} : { sessionId: session.sessionId }),
  };
}

function ref(frame: Record<string, unknown>) {
  return { roomId: frame.roomId, messageId: frame.messageId };
}
