import { logger } from '../adapters/logger';
import { flushMetrics, MetricUnit, metrics } from '../adapters/metrics';
import { ChatError } from '../core/errors';
import { sendFrame } from '../core/fan-out';
import type { Identity } from '../core/identity';
import type { SocketSender } from '../core/ports';
import type { SocketSession } from '../core/session-check';
import { parseJsonObject } from '../core/validation';
import type { WebSocketEvent, WebSocketResult } from './websocket-event';

export interface FrameContext {
  connectionId: string;
  /** The guest's name, from the authorizer context. */
  name: string;
  /** Who holds the socket, for what depends on the kind of sign-in (a message's `senderType`). */
  identity: Identity;
  /** The session that opened the socket, to check it has not ended (core/session-check.ts). */
  session: SocketSession;
  frame: Record<string, unknown>;
}

/**
 * The identity an authorizer context names. Only an account's says its kind (`kind: "account"`, once accounts
 * exist); a guest's says none, so a socket opened before the kind was added stays a guest's, as it is.
 */
function identityOf(authorizer: WebSocketEvent['requestContext']['authorizer']): Identity {
  return { kind: authorizer?.kind === 'account' ? 'account' : 'guest', id: authorizer?.name ?? '' };
}

/** The session the authorizer context names; its expiry arrives as a string (API Gateway stringifies numbers). */
export function socketSessionOf(authorizer: WebSocketEvent['requestContext']['authorizer']): SocketSession {
  const expiresAt = Number(authorizer?.expiresAt);
  return {
    kind: identityOf(authorizer).kind,
    name: authorizer?.name ?? '',
    ...(authorizer?.sessionId ? { sessionId: authorizer.sessionId } : {}),
    ...(Number.isFinite(expiresAt) && authorizer?.expiresAt !== '' ? { expiresAt } : {}),
  };
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
      const { authorizer } = event.requestContext;
      await route({
        connectionId,
        name: authorizer?.name ?? '',
        identity: identityOf(authorizer),
        session: socketSessionOf(authorizer),
        frame,
      });
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
        ...(chatError?.until === undefined ? {} : { until: chatError.until }),
      }).catch(() => undefined);
      return { statusCode: chatError?.status ?? 500 };
    } finally {
      flushMetrics();
      logger.removeKeys(['correlation_id', 'connectionId']);
    }
  };
}
