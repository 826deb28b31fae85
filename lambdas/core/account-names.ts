import { canonicalName } from '../contract/canonical-name';
import { BOT_NAME } from '../contract/limits';
import { signUpRefusals, USERNAME_PATTERN } from '../contract/sign-up';

/**
 * An account's claim on its username's skeleton, in the key space of the guests' holds: pending from sign-up until
 * `expiresAt` (the confirmation code's lifetime), kept for good once the e-mail is confirmed. A sign-up nobody
 * confirms must not squat a name for ever.
 */
export interface AccountNameReservation {
  /** The username's skeleton (contract/canonical-name.ts): the key, shared with guest holds. */
  canonical: string;
  /** The username as it signed up: a retry of the same sign-up finds its own reservation and passes. */
  username: string;
}

/** Reserved names, shared by every instance (adapters/account-name-table.ts). */
export interface AccountNameReservations {
  /**
   * True when the skeleton was free (never held, or a guest's hold that has expired) or is already this
   * username's, and is now reserved for it; false when another account or a live guest session holds it.
   */
  reserve(reservation: AccountNameReservation, nowSeconds: number, expiresAt: number): Promise<boolean>;
  /**
   * Makes the reservation permanent (no expiry) when the skeleton is still this username's, or free again (its
   * pending reservation expired and nobody took it); false when another account or a live guest holds it now.
   */
  confirm(reservation: AccountNameReservation, nowSeconds: number): Promise<boolean>;
}

/**
 * A sign-up Chatty refuses. Its message is what the person reads (Cognito passes it on); its name is what the
 * Lambda runtime logs as `errorType`, so a refusal can be told apart from a failure.
 */
export class SignUpRefused extends Error {
  override readonly name = 'SignUpRefused';
}

const BOT_SKELETON = canonicalName(BOT_NAME);

/**
 * Reserves `username`'s skeleton for that account, or throws `SignUpRefused`: the username is no display name,
 * is the bot's or looks like it, or looks like (or is) a name another account or a live guest session holds.
 * One conditional write decides, so two sign-ups racing for look-alikes cannot both win.
 */
export async function reserveAccountName(
  reservations: AccountNameReservations,
  username: string,
  nowSeconds: number,
  pendingSeconds: number,
): Promise<void> {
  if (!USERNAME_PATTERN.test(username)) throw new SignUpRefused(signUpRefusals.invalid);
  const canonical = canonicalName(username);
  if (canonical === BOT_SKELETON) throw new SignUpRefused(signUpRefusals.reserved);
  if (!(await reservations.reserve({ canonical, username }, nowSeconds, nowSeconds + pendingSeconds))) {
    throw new SignUpRefused(signUpRefusals.taken);
  }
}

/**
 * The e-mail is confirmed (PostConfirmation): the username's reservation becomes permanent, or `SignUpRefused`
 * when someone took the skeleton after the pending reservation expired.
 */
export async function confirmAccountName(
  reservations: AccountNameReservations,
  username: string,
  nowSeconds: number,
): Promise<void> {
  if (!(await reservations.confirm({ canonical: canonicalName(username), username }, nowSeconds))) {
    throw new SignUpRefused(signUpRefusals.taken);
  }
}
