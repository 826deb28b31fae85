import { recordPosted } from '../adapters/message-telemetry';
import { type PostMessageDeps, postMessage } from '../core/messages';
import { BOT_NAME } from '../core/types';
import { parseJsonObject } from '../core/validation';
import { bodyText, httpHandler } from './http-handler';

/**
 * POST /bot/rooms/{roomId}/messages {"text"}: the bot's reply path. API Gateway has already verified the
 * SigV4 signature (IAM auth on the route), so the sender is the bot. No rate limiter: the bot answers at most
 * once per message addressed to it.
 */
export function makeBotPostMessageHandler(deps: Omit<PostMessageDeps, 'rateLimiter'>) {
  return httpHandler(async (event) => {
    const body = parseJsonObject(bodyText(event));
    const result = await postMessage(deps, {
      roomId: event.pathParameters?.roomId,
      sender: BOT_NAME,
      // The route itself says who sends: only the bot's role may call it.
      senderType: 'bot',
      text: body.text,
    });
    // The bot sends the id of the message it answers, so one correlation id spans question and reply.
    recordPosted(result, event.headers?.['x-correlation-id']);
    return { status: 201, body: { message: result.message } };
  });
}
