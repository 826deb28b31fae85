import { logger } from '../adapters/logger';
import { ChatError } from '../core/errors';
import { connect, type PresenceDeps } from '../core/presence';
import type { WebSocketEvent, WebSocketResult } from './websocket-event';

/** `$connect?token=…&roomId=…`: the authorizer has vouched for the name; record the socket in its room. */
export function makeConnectHandler(deps: PresenceDeps) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    try {
      const { announceError } = await connect(deps, {
        connectionId: event.requestContext.connectionId,
        name: event.requestContext.authorizer?.name ?? '',
        roomId: event.queryStringParameters?.roomId,
      });
      if (announceError)
        logger.error('connected, but presence or MemberJoined failed', { error: announceError as Error });
      return { statusCode: 200 };
    } catch (err) {
      // A non-2xx result rejects the handshake with that status.
      if (err instanceof ChatError) return { statusCode: err.status, body: err.message };
      logger.error('connect failed', { error: err as Error });
      return { statusCode: 500 };
    }
  };
}
