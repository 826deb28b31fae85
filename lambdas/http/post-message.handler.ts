import { recordPosted } from '../adapters/message-telemetry';
import { identityOf, senderTypeOf } from '../core/identity';
import { type PostMessageDeps, postMessage } from '../core/messages';
import type { RateLimiter } from '../core/ports';
import { parseJsonObject } from '../core/validation';
import { requireSession, type SessionAuth } from './auth';
import { bodyText, httpHandler } from './http-handler';

/** POST /rooms/{roomId}/messages {"text"} (Bearer) → 201 {"message"}; the sender comes from the token. */
export function makePostMessageHandler(deps: PostMessageDeps & { rateLimiter: RateLimiter } & SessionAuth) {
  return httpHandler(async (event) => {
    const session = await requireSession(event, deps, deps.clock.now());
    const body = parseJsonObject(bodyText(event));
    const result = await postMessage(deps, {
      roomId: event.pathParameters?.roomId,
      sender: session.name,
      senderType: senderTypeOf(identityOf(session)),
      text: body.text,
    });
    recordPosted(result);
    return { status: 201, body: { message: result.message } };
  });
}
