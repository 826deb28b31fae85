import { recordPosted } from '../adapters/message-telemetry';
import { senderTypeOf } from '../core/identity';
import type { IdentityCheckDeps } from '../core/identity-check';
import { type PostMessageDeps, postMessage } from '../core/messages';
import type { RateLimiter } from '../core/ports';
import { parseJsonObject } from '../core/validation';
import { requirePerson } from './auth';
import { bodyText, httpHandler } from './http-handler';

/**
 * POST /rooms/{roomId}/messages {"text"} (Bearer) → 201 {"message"}; the sender comes from the token: an account's
 * username (`senderType: "user"`) or a guest's name (`"guest"`).
 */
export function makePostMessageHandler(
  deps: PostMessageDeps & { rateLimiter: RateLimiter; identityCheck: IdentityCheckDeps },
) {
  return httpHandler(async (event) => {
    const person = await requirePerson(event, deps.identityCheck, deps.clock.now());
    const body = parseJsonObject(bodyText(event));
    const result = await postMessage(deps, {
      roomId: event.pathParameters?.roomId,
      sender: person.name,
      senderType: senderTypeOf(person.identity),
      senderSession: person.sessionId,
      text: body.text,
      replyTo: body.replyTo,
    });
    recordPosted(result);
    return { status: 201, body: { message: result.message } };
  });
}
