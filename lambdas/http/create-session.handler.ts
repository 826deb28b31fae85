import type { Clock } from '../core/ports';
import { type SignInDeps, signInGuest } from '../core/sessions';
import { parseJsonObject } from '../core/validation';
import { bodyText, httpHandler } from './http-handler';

/**
 * POST /sessions {"name"} → 201 {"token","name","expiresAt"}: guest sign-in, storing the address's sign-in count
 * and the session's hold on the name; 409 `name_taken` when another live session holds it or a look-alike, 429
 * when the address signs in too often.
 */
export function makeCreateSessionHandler(deps: SignInDeps & { clock: Clock }) {
  return httpHandler(async (event) => {
    // The address API Gateway saw the request come from (the TCP peer), never a header the caller can write.
    const sourceIp = event.requestContext?.http?.sourceIp ?? 'unknown';
    const { token, name, expiresAt } = await signInGuest(
      deps,
      parseJsonObject(bodyText(event)).name,
      sourceIp,
      deps.clock.now(),
    );
    return { status: 201, body: { token, name, expiresAt: new Date(expiresAt * 1000).toISOString() } };
  });
}
