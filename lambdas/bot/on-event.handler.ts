import { logger } from '../adapters/logger';
import { flushMetrics, MetricUnit, metrics } from '../adapters/metrics';
import type { BotDeps } from '../core/bot/reply';
import {
  answerEvent,
  type ReplyLedger,
  type ReplyPoster,
  type ReplyTelemetry,
} from '../core/bot/reply-protocol';
import type { Clock, RateLimiter } from '../core/ports';

/** EventBridge's envelope, as far as the bot reads it. */
interface BusEvent {
  id: string;
  'detail-type': string;
  detail: unknown;
}

/** The part of Lambda's context the bot reads. */
interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

export interface BotHandlerDeps {
  ledger: ReplyLedger;
  poster: ReplyPoster;
  skills(): Promise<BotDeps>;
  clock: Clock;
  /** Pyro's welcomes per room (LIMIT_WELCOMES_PER_ROOM_PER_MINUTE). */
  welcomes: RateLimiter;
}

/** The reply protocol's reports as structured logs and CloudWatch metrics (EMF). */
const telemetry: ReplyTelemetry = {
  started: (correlationId) => logger.appendKeys({ correlation_id: correlationId }),
  ignored: (detailType) => logger.warn('unexpected event', { detailType }),
  duplicate: (key) => logger.info('duplicate delivery ignored', { key }),
  replied(key, roomId, latencyMs) {
    metrics.addMetric('BotReplies', MetricUnit.Count, 1);
    // Only a real number: NaN would reach the EMF document as null, which CloudWatch rejects whole.
    if (latencyMs !== undefined) metrics.addMetric('BotLatency', MetricUnit.Milliseconds, latencyMs);
    logger.info('replied', { key, roomId });
  },
  failed(key, error) {
    metrics.addMetric('BotErrors', MetricUnit.Count, 1);
    logger.error('reply failed', { key, error: error as Error });
  },
  notMarkedAnswered: (key, error) =>
    logger.warn('reply posted but not marked answered', { key, error: error as Error }),
};

/**
 * Pyro, triggered by the bus rule: hands the event to the reply protocol (lambdas/core/bot/reply-protocol.ts),
 * which posts the reply through the HTTP API. A failure to reply throws, so Lambda retries (twice) and finally
 * dead-letters the event.
 */
export function makeBotHandler(deps: BotHandlerDeps) {
  return async (event: BusEvent, context: InvocationContext): Promise<void> => {
    // The claim lasts as long as this invocation can: a retry after a timeout finds it expired.
    const deadlineMs = deps.clock.now() + context.getRemainingTimeInMillis();
    logger.appendKeys({ correlation_id: event.id, eventId: event.id });
    try {
      await answerEvent(
        { ...deps, telemetry },
        { id: event.id, detailType: event['detail-type'], detail: event.detail },
        deadlineMs,
      );
    } finally {
      flushMetrics();
      logger.removeKeys(['correlation_id', 'eventId']);
    }
  };
}
