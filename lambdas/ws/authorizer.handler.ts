import type { TokenKey } from '../adapters/from-env';
import { ChatError } from '../core/errors';
import type { Clock } from '../core/ports';
import { verifyToken } from '../core/tokens';

interface AuthorizerEvent {
  methodArn: string;
  queryStringParameters?: Record<string, string | undefined> | null;
}

/**
 * REQUEST authorizer on `$connect` (identity source: the `token` query parameter). Throwing exactly
 * `Unauthorized` is how a Lambda authorizer makes API Gateway answer 401; the `context` it returns reaches
 * every later event of the connection as `requestContext.authorizer`.
 */
export function makeAuthorizerHandler(deps: { tokenKey: TokenKey; clock: Clock }) {
  return async (event: AuthorizerEvent) => {
    let name: string;
    try {
      name = verifyToken(await deps.tokenKey(), event.queryStringParameters?.token, deps.clock.now()).name;
    } catch (err) {
      if (err instanceof ChatError) throw new Error('Unauthorized');
      throw err;
    }
    return {
      principalId: name,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      context: { name },
    };
  };
}
