import { systemClock, tokenKeyFromEnv } from '../adapters/from-env';
import { issueToken } from '../core/tokens';
import { parseJsonObject, validateName } from '../core/validation';
import { bodyText, httpHandler } from './respond';

const tokenKey = tokenKeyFromEnv();

/** POST /sessions {"name"} → 201 {"token","name","expiresAt"}: guest sign-in, nothing stored. */
export const handler = httpHandler(async (event) => {
  const name = validateName(parseJsonObject(bodyText(event)).name);
  const { token, expiresAt } = issueToken(await tokenKey(), name, systemClock.now());
  return { status: 201, body: { token, name, expiresAt: new Date(expiresAt * 1000).toISOString() } };
});
