import { postMessageDepsFromEnv, systemClock, tokenKeyFromEnv } from '../adapters/from-env';
import { recordPosted } from '../adapters/message-telemetry';
import { postMessage } from '../core/messages';
import { parseJsonObject } from '../core/validation';
import { requireSession } from './auth';
import { bodyText, httpHandler } from './respond';

const deps = postMessageDepsFromEnv({ rateLimited: true });
const tokenKey = tokenKeyFromEnv();

/** POST /rooms/{roomId}/messages {"text"} (Bearer) → 201 {"message"}; the sender comes from the token. */
export const handler = httpHandler(async (event) => {
  const session = await requireSession(event, tokenKey, systemClock.now());
  const body = parseJsonObject(bodyText(event));
  const result = await postMessage(deps, {
    roomId: event.pathParameters?.roomId,
    sender: session.name,
    text: body.text,
  });
  recordPosted(result);
  return { status: 201, body: { message: result.message } };
});
