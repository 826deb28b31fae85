import { logger } from '../adapters/logger';
import { flushMetrics, MetricUnit, metrics } from '../adapters/metrics';
import { ChatError } from '../core/errors';
import { type ConnectDeps, connect } from '../core/presence';
import type { WebSocketEvent, WebSocketResult } from './websocket-event';

/** `$connect?token=…&roomId=…`: the authorizer has vouched for the name; record the socket in its room. */
export function makeConnectHandler(deps: ConnectDeps) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const name = event.requestContext.authorizer?.name ?? '';
    try {
      const { announceError } = await connect(deps, {
        connectionId: event.requestContext.connectionId,
        name,
        sessionId: event.requestContext.authorizer?.sessionId,
        // Every identity is a guest, named by its token, until accounts (issue 12) come.
        identity: { kind: 'guest', id: name },
        roomId: event.queryStringParameters?.roomId,
      });
      if (announceError)
        logger.error('connected, but presence or MemberJoined failed', { error: announceError as Error });
      return { statusCode: 200 };
    } catch (err) {
      // A non-2xx result rejects the handshake with that status.
      if (err instanceof ChatError) {
        if (err.code === 'rate_limited') metrics.addMetric('RateLimited', MetricUnit.Count, 1);
        return { statusCode: err.status, body: err.message };
      }
      logger.error('connect failed', { error: err as Error });
      return { statusCode: 500 };
    } finally {
      flushMetrics();
    }
  };
}
