import { recordPosted } from '../adapters/message-telemetry';
import { sendFrame } from '../core/fan-out';
import { senderTypeOf } from '../core/identity';
import { type PostMessageDeps, postMessage } from '../core/messages';
import type { RateLimiter } from '../core/ports';
import { requireUnexpiredSocketSession } from '../core/session-check';
import { validateClientMessageId } from '../core/validation';
import { frameHandler } from './websocket-handler';

/**
 * `sendMessage {roomId, text, clientMessageId}` → the room gets the message, the sender an `ack`. Only while the
 * socket's token has not expired (no read: a signed-out session's sockets are closed by the sign-out, see
 * requireUnexpiredSocketSession), so a plain message costs what it did.
 */
export function makeSendMessageHandler(deps: PostMessageDeps & { rateLimiter: RateLimiter }) {
  return frameHandler(deps.sockets, async ({ connectionId, name, identity, session, frame }) => {
    const clientMessageId = validateClientMessageId(frame.clientMessageId);
    requireUnexpiredSocketSession(session, deps.clock.now());
    const result = await postMessage(deps, {
      roomId: frame.roomId,
      sender: name,
      senderType: senderTypeOf(identity),
      senderSession: session.sessionId,
      text: frame.text,
      replyTo: frame.replyTo,
    });
    recordPosted(result);
    await sendFrame(deps.sockets, connectionId, {
      type: 'ack',
      clientMessageId,
      messageId: result.message.messageId,
    });
  });
}
