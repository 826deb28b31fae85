import { postMessageDepsFromEnv } from '../adapters/from-env';
import { recordPosted } from '../adapters/message-telemetry';
import { postMessage } from '../core/messages';
import { BOT_NAME } from '../core/types';
import { parseJsonObject } from '../core/validation';
import { bodyText, httpHandler } from './respond';

// No rate limiter: the bot answers at most once per message addressed to it.
const deps = postMessageDepsFromEnv({ rateLimited: false });

/**
 * POST /bot/rooms/{roomId}/messages {"text"}: the bot's reply path. API Gateway has already verified the
 * SigV4 signature (IAM auth on the route), so the sender is the bot.
 */
export const handler = httpHandler(async (event) => {
  const body = parseJsonObject(bodyText(event));
  const result = await postMessage(deps, {
    roomId: event.pathParameters?.roomId,
    sender: BOT_NAME,
    text: body.text,
  });
  // The bot sends the id of the message it answers, so one correlation id spans question and reply.
  recordPosted(result, event.headers?.['x-correlation-id']);
  return { status: 201, body: { message: result.message } };
});
