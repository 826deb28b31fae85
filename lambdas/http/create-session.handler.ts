import type { TokenKey } from '../adapters/from-env';
import type { Clock } from '../core/ports';
import { issueToken } from '../core/tokens';
import { parseJsonObject, validateName } from '../core/validation';
import { bodyText, httpHandler } from './http-handler';

/** POST /sessions {"name"} → 201 {"token","name","expiresAt"}: guest sign-in, nothing stored. */
export function makeCreateSessionHandler(deps: { tokenKey: TokenKey; clock: Clock }) {
  return httpHandler(async (event) => {
    const name = validateName(parseJsonObject(bodyText(event)).name);
    const { token, expiresAt } = issueToken(await deps.tokenKey(), name, deps.clock.now());
    return { status: 201, body: { token, name, expiresAt: new Date(expiresAt * 1000).toISOString() } };
  });
}
