import { type Quota, takeOrRefuse } from './quota';
import { issueToken } from './tokens';
import { validateName } from './validation';

export interface SignInDeps {
  /** The key that signs guest tokens. */
  tokenKey(): Promise<string>;
  /** Guest sign-ins per source address per minute (LIMIT_GUEST_SIGNINS_PER_MINUTE). */
  signInsPerMinute: Quota;
}

/**
 * Guest sign-in: a token for a valid name, unless the address has signed in too often this minute (429). Only
 * valid names count: a refused name mints nothing and costs no write.
 */
export async function signInGuest(
  deps: SignInDeps,
  rawName: unknown,
  sourceIp: string,
  nowMs: number,
): Promise<{ token: string; name: string; expiresAt: number }> {
  const name = validateName(rawName);
  await takeOrRefuse(
    deps.signInsPerMinute,
    `signin#${sourceIp}`,
    nowMs,
    `Too many sign-ins from your address: at most ${deps.signInsPerMinute.count} a minute; wait a moment`,
  );
  return { name, ...issueToken(await deps.tokenKey(), name, nowMs) };
}
