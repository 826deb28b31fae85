import { claimGuestName, type GuestNameHolds } from './guest-names';
import { type Quota, takeOrRefuse } from './quota';
import { issueToken, newSessionId } from './tokens';
import { validateName } from './validation';

export interface SignInDeps {
  /** The key that signs guest tokens. */
  tokenKey(): Promise<string>;
  /** Guest sign-ins per source address per minute (LIMIT_GUEST_SIGNINS_PER_MINUTE). */
  signInsPerMinute: Quota;
  /** The names guest sessions hold, so no two live sessions share one (or two look-alikes). */
  names: GuestNameHolds;
}

/**
 * Guest sign-in: a token for a valid name that no other live session holds (409 `name_taken`), unless the address
 * has signed in too often this minute (429). In that order: a name the rules refuse (400, or 409 `name_reserved`
 * for the bot's and its look-alikes) mints nothing and costs no write and no slot of the limit; a valid one costs a
 * slot before its claim, taken or not, so an address cannot probe which names are held faster than the limit lets
 * it sign in (each probe is a conditional write). The key is read before the claim, so a secret that cannot be read
 * holds no name.
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
  const key = await deps.tokenKey();
  const sessionId = newSessionId();
  const { token, expiresAt } = issueToken(key, name, nowMs, sessionId);
  await claimGuestName(deps.names, name, sessionId, expiresAt, Math.floor(nowMs / 1000));
  return { name, token, expiresAt };
}
