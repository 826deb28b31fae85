import { postMessageDepsFromEnv } from '../adapters/from-env';
import { recordPosted } from '../adapters/message-telemetry';
import { sendFrame } from '../core/fan-out';
import { postMessage } from '../core/messages';
import { validateClientMessageId } from '../core/validation';
import { frameHandler } from './respond';

const deps = postMessageDepsFromEnv({ rateLimited: true });
const sockets = deps.sockets;

/** `sendMessage {roomId, text, clientMessageId}` → the room gets the message, the sender an `ack`. */
export const handler = frameHandler(sockets, async ({ connectionId, name, frame }) => {
  const clientMessageId = validateClientMessageId(frame.clientMessageId);
  const result = await postMessage(deps, { roomId: frame.roomId, sender: name, text: frame.text });
  recordPosted(result);
  await sendFrame(sockets, connectionId, {
    type: 'ack',
    clientMessageId,
    messageId: result.message.messageId,
  });
});
