import { ChatError } from '../core/errors';
import { checkIdentity, type IdentityCheckDeps } from '../core/identity-check';
import type { Clock } from '../core/ports';

interface AuthorizerEvent {
  methodArn: string;
  queryStringParameters?: Record<string, string | undefined> | null;
}

/**
 * REQUEST authorizer on `$connect` (identity source: the `token` query parameter): a Cognito access token or a
 * guest token, through the same check as the HTTP routes (core/identity-check.ts). Throwing exactly
 * `Unauthorized` is how a Lambda authorizer makes API Gateway answer 401. The `context` it returns reaches every
 * later event of the connection as `requestContext.authorizer`: the name, the kind of sign-in (a message's
 * `senderType`), the session id (a guest's session, an account's `origin_jti`) by which `$connect` records whose
 * socket it is so signing out can close it, and the token's expiry, after which the socket may no longer post.
 * A signed-out session is refused like a bad token, after one read; WebSocket authorizers are not cached, so every
 * `$connect` pays it.
 */
export function makeAuthorizerHandler(deps: { identityCheck: IdentityCheckDeps; clock: Clock }) {
  return async (event: AuthorizerEvent) => {
    let person: Awaited<ReturnType<typeof checkIdentity>>;
    try {
      person = await checkIdentity(deps.identityCheck, event.queryStringParameters?.token, deps.clock.now());
    } catch (err) {
      if (err instanceof ChatError) throw new Error('Unauthorized');
      throw err;
    }
    const { name, sessionId, expiresAt } = person;
    return {
      principalId: name,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      // API Gateway keeps only string, number and boolean values here.
      context: { name, kind: person.identity.kind, sessionId, expiresAt },
    };
  };
}
