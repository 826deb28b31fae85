import { canonicalName } from '../contract/canonical-name';
import { ChatError } from './errors';
import { type GuestNameHolds, releaseGuestName } from './guest-names';
import { identityKey, identityOf } from './identity';
import type { SendOutcome } from './ports';
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
  const ids = await deps.sessionSockets.socketsOf(
    identityKey('sockets', identityOf(session)),
    session.sessionId,
  );
  const outcomes = await Promise.allSettled(ids.map((id) => closeSocket(deps, id, sleep)));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return { closed: ids.length };
}

async function closeSocket(deps: SignOutDeps, connectionId: string, sleep: (ms: number) => Promise<void>) {
  for (let attempt = 1; ; attempt++) {
    const outcome = await deps.closer.close(connectionId);
    if (outcome === 'gone') await deps.forgetConnection(connectionId);
    if (outcome !== 'throttled') return;
    if (attempt >= CLOSE_ATTEMPTS) throw new Error(`could not close socket ${connectionId}: throttled`);
    await sleep(100 * attempt);
  }
}
