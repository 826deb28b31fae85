import { canonicalName } from '../contract/canonical-name';
import { ChatError } from './errors';
import { type GuestNameHolds, releaseGuestName } from './guest-names';
import { type Identity, identityKey, identityOf } from './identity';
import type { CheckedIdentity } from './identity-check';
import type { SendOutcome } from './ports';
import type { RevokedSignIns } from './session-check';
import type { Session } from './tokens';

/** The open sockets of one session, found without a Scan (adapters/session-socket-table.ts). */
export interface SessionSockets {
  /** Connection ids among the identity's socket slots (`slotsKey`) whose record names `sessionId`. */
  socketsOf(slotsKey: string, sessionId: string): Promise<string[]>;
}

/** Closes a socket through `@connections` (API Gateway then runs `$disconnect`); 'gone' when already closed. */
export interface SocketCloser {
  close(connectionId: string): Promise<SendOutcome>;
}

export interface SignOutDeps {
  names: GuestNameHolds;
  sessionSockets: SessionSockets;
  closer: SocketCloser;
  /** Forgets a socket that was gone already, which frees its slot (its `$disconnect` may never come). */
  forgetConnection(connectionId: string): Promise<unknown>;
}

export interface AccountSignOutDeps extends Omit<SignOutDeps, 'names'> {
  revoked: Pick<RevokedSignIns, 'revoke'>;
  /** How long a sign-in can mint access tokens, and the last of them live (spec `accountSignInMaxSeconds`). */
  signInMaxSeconds: number;
}

/** How often a throttled close is tried in all: the stage's throttle refills within a second. */
const CLOSE_ATTEMPTS = 3;

/**
 * Ends a guest session: releases its name (which revokes the token: core/session-check.ts), then closes its open
 * sockets. In that order, so a tab of the session that reconnects when its socket closes is refused at `$connect`.
 * A session that has ended already (a second sign-out) is `unauthorized`. A socket that cannot be closed fails the
 * call (500, logged) after the revocation, which stands.
 */
export async function signOutGuest(
  deps: SignOutDeps,
  session: Session,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<{ closed: number }> {
  if (!(await releaseGuestName(deps.names, canonicalName(session.name), session.sessionId))) {
    throw new ChatError('unauthorized', 'This session has ended already: sign in again');
  }
  return closeSessionSockets(deps, identityOf(session), session.sessionId, sleep);
}

/**
 * Ends an account's sign-in (every access token sharing its `origin_jti`): records it as revoked for as long as
 * any of its tokens could still be valid (the table's TTL then drops the record), then closes its open sockets,
 * in that order for the same reason as a guest's. The account's other sign-ins (another device) go on.
 */
export async function signOutAccount(
  deps: AccountSignOutDeps,
  account: Identity,
  sessionId: string,
  nowMs: number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<{ closed: number }> {
  const until = Math.floor(nowMs / 1000) + deps.signInMaxSeconds;
  if (!(await deps.revoked.revoke(sessionId, until))) {
    throw new ChatError('unauthorized', 'This sign-in has ended already: sign in again');
  }
  return closeSessionSockets(deps, account, sessionId, sleep);
}

/** Signs out whoever a checked Bearer token names, guest or account. */
export function signOut(
  deps: SignOutDeps & AccountSignOutDeps,
  checked: CheckedIdentity,
  nowMs: number,
): Promise<{ closed: number }> {
  // Only a guest's check carries its session (its name hold); an account's is its sign-in's id alone.
  return 'session' in checked
    ? signOutGuest(deps, checked.session)
    : signOutAccount(deps, checked.identity, checked.sessionId, nowMs);
}

async function closeSessionSockets(
  deps: Pick<SignOutDeps, 'sessionSockets' | 'closer' | 'forgetConnection'>,
  identity: Identity,
  sessionId: string,
  sleep: (ms: number) => Promise<void>,
): Promise<{ closed: number }> {
  const ids = await deps.sessionSockets.socketsOf(identityKey('sockets', identity), sessionId);
  const outcomes = await Promise.allSettled(ids.map((id) => closeSocket(deps, id, sleep)));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return { closed: ids.length };
}

async function closeSocket(
  deps: Pick<SignOutDeps, 'closer' | 'forgetConnection'>,
  connectionId: string,
  sleep: (ms: number) => Promise<void>,
) {
  for (let attempt = 1; ; attempt++) {
    const outcome = await deps.closer.close(connectionId);
    if (outcome === 'gone') await deps.forgetConnection(connectionId);
    if (outcome !== 'throttled') return;
    if (attempt >= CLOSE_ATTEMPTS) throw new Error(`could not close socket ${connectionId}: throttled`);
    await sleep(100 * attempt);
  }
}
