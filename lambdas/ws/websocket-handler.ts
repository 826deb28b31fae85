import { logger } from '../adapters/logger';
import { flushMetrics, MetricUnit, metrics } from '../adapters/metrics';
import { ChatError } from '../core/errors';
import { sendFrame } from '../core/fan-out';
import type { SocketSender } from '../core/ports';
import { parseJsonObject } from '../core/validation';
import type { WebSocketEvent, WebSocketResult } from './websocket-event';

export interface FrameContext {
  connectionId: string;
  /** The guest's name, from the authorizer context. */
  name: string;
  frame: Record<string, unknown>;
}

/**
 * Wraps a message-route handler: parses the frame, and turns a ChatError into an `error` frame on the sender's
 * socket (API Gateway sends no route response back by itself). Anything else is logged and reported as
 * `internal` so the client is never left waiting.
 */
export function frameHandler(sockets: SocketSender, route: (ctx: FrameContext) => Promise<void>) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const { connectionId } = event.requestContext;
    let clientMessageId: string | undefined;
    logger.appendKeys({ correlation_id: event.requestContext.requestId, connectionId });
    try {
      const frame = parseJsonObject(event.body);
      if (typeof frame.clientMessageId === 'string') clientMessageId = frame.clientMessageId;
      await route({ connectionId, name: event.requestContext.authorizer?.name ?? '', frame });
      return { statusCode: 200 };
    } catch (err) {
      const chatError = err instanceof ChatError ? err : undefined;
      if (chatError?.code === 'rate_limited') metrics.addMetric('RateLimited', MetricUnit.Count, 1);
      if (!chatError)
        logger.error('frame failed', { error: err as Error, routeKey: event.requestContext.routeKey });
      await sendFrame(sockets, connectionId, {
        type: 'error',
        code: chatError?.code ?? 'internal',
        message: chatError?.message ?? 'Something went wrong on our side; try again',
        ...(clientMessageId ? { clientMessageId } : {}),
      }).catch(() => undefined);
      return { statusCode: chatError?.status ?? 500 };
    } finally {
      flushMetrics();
      logger.removeKeys(['correlation_id', 'connectionId']);
    }
  };
}
