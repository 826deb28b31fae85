import type { TokenKey } from '../adapters/from-env';
import { ChatError } from '../core/errors';
import type { GuestNameHolds } from '../core/guest-names';
import type { Clock } from '../core/ports';
import { requireLiveSession } from '../core/session-check';
import { type Session, verifyToken } from '../core/tokens';

interface AuthorizerEvent {
  methodArn: string;
  queryStringParameters?: Record<string, string | undefined> | null;
}

/**
 * REQUEST authorizer on `$connect` (identity source: the `token` query parameter). Throwing exactly
 * `Unauthorized` is how a Lambda authorizer makes API Gateway answer 401; the `context` it returns reaches
 * every later event of the connection as `requestContext.authorizer`: the session id in it lets `$connect` record
 * whose socket it is, so signing out can close it. A signed-out session is refused like a bad token, after one
 * read of its name's hold (core/session-check.ts); WebSocket authorizers are not cached, so every `$connect` pays it.
 */
export function makeAuthorizerHandler(deps: {
  tokenKey: TokenKey;
  names: Pick<GuestNameHolds, 'heldBy'>;
  clock: Clock;
}) {
  return async (event: AuthorizerEvent) => {
    let session: Session;
    try {
      const nowMs = deps.clock.now();
      session = await requireLiveSession(
        deps.names,
        verifyToken(await deps.tokenKey(), event.queryStringParameters?.token, nowMs),
        Math.floor(nowMs / 1000),
      );
    } catch (err) {
      if (err instanceof ChatError) throw new Error('Unauthorized');
      throw err;
    }
    const { name, sessionId } = session;
    return {
      principalId: name,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      context: { name, sessionId },
    };
  };
}
