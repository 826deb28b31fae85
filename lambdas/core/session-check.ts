import { canonicalName } from '../contract/canonical-name';
import { ChatError } from './errors';
import type { GuestNameHolds } from './guest-names';
import type { Session } from './tokens';

/**
 * A guest session is live while its name's hold still carries its id: signing out releases the hold, so the
 * token, however validly signed and unexpired, stops working at once, with no revocation list to keep. Callers
 * verify the signature first (no read for a forged token), then pay this one read (see GuestNameTable.heldBy).
 * An account's session (issue 12) will be checked against Cognito's own revocation instead.
 */
export async function requireLiveSession(
  holds: Pick<GuestNameHolds, 'heldBy'>,
  session: Session,
  nowSeconds: number,
): Promise<Session> {
  if (!(await holds.heldBy(canonicalName(session.name), session.sessionId, nowSeconds))) {
    throw new ChatError('unauthorized', 'This session has ended (signed out): sign in again');
  }
  return session;
}
