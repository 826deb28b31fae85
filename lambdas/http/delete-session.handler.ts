import type { Clock } from '../core/ports';
import { type SignOutDeps, signOutGuest } from '../core/sign-out';
import { requireSession, type SessionAuth } from './auth';
import { httpHandler } from './http-handler';

/**
 * DELETE /sessions/current (Bearer) → 204: signs the session out on the server. Its token is refused from then on
 * (401 on every Bearer route and at `$connect`), its open sockets are closed, and its name is free for anyone.
 * 401 for a missing, invalid, expired or already signed-out token.
 */
export function makeDeleteSessionHandler(deps: SignOutDeps & SessionAuth & { clock: Clock }) {
  return httpHandler(async (event) => {
    const session = await requireSession(event, deps, deps.clock.now());
    await signOutGuest(deps, session);
    return { status: 204, body: undefined };
  });
}
