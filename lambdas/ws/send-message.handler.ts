import { recordPosted } from '../adapters/message-telemetry';
import { sendFrame } from '../core/fan-out';
import { senderTypeOf } from '../core/identity';
import { type PostMessageDeps, postMessage } from '../core/messages';
import type { RateLimiter } from '../core/ports';
import { validateClientMessageId } from '../core/validation';
import { frameHandler } from './websocket-handler';

/** `sendMessage {roomId, text, clientMessageId}` → the room gets the message, the sender an `ack`. */
export function makeSendMessageHandler(deps: PostMessageDeps & { rateLimiter: RateLimiter }) {
  return frameHandler(deps.sockets, async ({ connectionId, name, identity, frame }) => {
    const clientMessageId = validateClientMessageId(frame.clientMessageId);
    const result = await postMessage(deps, {
      roomId: frame.roomId,
      sender: name,
      senderType: senderTypeOf(identity),
      text: frame.text,
    });
    recordPosted(result);
    await sendFrame(deps.sockets, connectionId, {
      type: 'ack',
      clientMessageId,
      messageId: result.message.messageId,
    });
  });
}
