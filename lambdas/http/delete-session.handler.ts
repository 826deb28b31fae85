import type { IdentityCheckDeps } from '../core/identity-check';
import type { Clock } from '../core/ports';
import { type AccountSignOutDeps, type SignOutDeps, signOut } from '../core/sign-out';
import { requirePerson } from './auth';
import { httpHandler } from './http-handler';

/**
 * DELETE /sessions/current (Bearer) → 204: signs the session out on the server, a guest's or an account's sign-in.
 * Its token is refused from then on (401 on every Bearer route and at `$connect`), its open sockets are closed, and
 * a guest's name is free for anyone. 401 for a missing, invalid, expired or already signed-out token.
 */
export function makeDeleteSessionHandler(
  deps: SignOutDeps & AccountSignOutDeps & { identityCheck: IdentityCheckDeps; clock: Clock },
) {
  return httpHandler(async (event) => {
    const now = deps.clock.now();
    const person = await requirePerson(event, deps.identityCheck, now);
    await signOut(deps, person, now);
    return { status: 204, body: undefined };
  });
}
