import { systemClock, tokenKeyFromEnv } from '../adapters/from-env';
import { ChatError } from '../core/errors';
import { verifyToken } from '../core/tokens';

const tokenKey = tokenKeyFromEnv();

interface AuthorizerEvent {
  methodArn: string;
  queryStringParameters?: Record<string, string | undefined> | null;
}

/**
 * REQUEST authorizer on `$connect` (identity source: the `token` query parameter). Throwing exactly
 * `Unauthorized` is how a Lambda authorizer makes API Gateway answer 401; the `context` it returns reaches
 * every later event of the connection as `requestContext.authorizer`.
 */
export async function handler(event: AuthorizerEvent) {
  let name: string;
  try {
    name = verifyToken(await tokenKey(), event.queryStringParameters?.token, systemClock.now()).name;
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
}
