import { canonicalName } from '../contract/canonical-name';
import { ChatError } from './errors';

/** Who holds a name: today guests, each for one session; accounts (issue 12) will hold their usernames for good. */
export type NameHolderKind = 'guest' | 'account';

/** A guest session's hold on a name: one item per skeleton, so look-alikes collide. */
export interface GuestNameHold {
  /** The name's skeleton (contract/canonical-name.ts): the hold's key. */
  canonical: string;
  /** The name as the guest wrote it (trimmed). */
  name: string;
  /** The session that holds it, the only one that may release it early. */
  sessionId: string;
  /** Epoch seconds: the session's expiry, after which the name is free again (the table's TTL). */
  expiresAt: number;
}

/**
 * Names held, shared by every instance (adapters/guest-name-table.ts). A hold whose `expiresAt` has passed is free
 * to take even while the table's TTL has not deleted it yet; a hold with no expiry (an account's username, later)
 * never is.
 */
export interface GuestNameHolds {
  /** True when the name was free (never held, or its hold expired) and is now this session's. */
  claim(hold: GuestNameHold, nowSeconds: number): Promise<boolean>;
  /** True when `sessionId`'s hold on `canonical` was there and is gone; false when it holds nothing there. */
  release(canonical: string, sessionId: string): Promise<boolean>;
  /**
   * True while `sessionId` holds `canonical` and the hold has not expired: a guest session is live exactly as long
   * as this (core/session-check.ts), so releasing the hold (sign-out) revokes the session.
   */
  heldBy(canonical: string, sessionId: string, nowSeconds: number): Promise<boolean>;
}

/**
 * Holds `name` (its skeleton) for the session until `expiresAt`, or throws `name_taken` (409): another live session
 * holds it or a look-alike of it, so the guest must pick another.
 */
export async function claimGuestName(
  holds: GuestNameHolds,
  name: string,
  sessionId: string,
  expiresAt: number,
  nowSeconds: number,
): Promise<void> {
  const taken = !(await holds.claim(
    { canonical: canonicalName(name), name, sessionId, expiresAt },
    nowSeconds,
  ));
  if (taken) {
    throw new ChatError(
      'name_taken',
      `The name "${name}" is in use, or looks like a name in use: choose another`,
    );
  }
}

/**
 * Frees a guest name before its session expires (sign-out): only the session that holds it can, so a guest who
 * took the name after it expired keeps it. True when the hold was the session's and is gone.
 */
export function releaseGuestName(
  holds: GuestNameHolds,
  canonical: string,
  sessionId: string,
): Promise<boolean> {
  return holds.release(canonical, sessionId);
}
