import type { PostMessageResult } from '../core/messages';
import { logger } from './logger';
import { countFanOut, MetricUnit, metrics } from './metrics';

/**
 * Records a posted message: its id becomes the correlation id that follows it through the bus to the bot
 * (the bot logs the same id and sends it back on its reply as `x-correlation-id`).
 */
export function recordPosted(result: PostMessageResult, correlationId = result.message.messageId): void {
  metrics.addMetric('MessagesPosted', MetricUnit.Count, 1);
  countFanOut(result.fanOut);
  logger.info('message posted', {
    correlation_id: correlationId,
    messageId: result.message.messageId,
    roomId: result.message.roomId,
    fanOut: result.fanOut,
  });
  if (result.fanOutError) {
    logger.error('message stored but not fanned out', {
      correlation_id: correlationId,
      error: result.fanOutError as Error,
    });
  }
  if (result.publishError) {
    // The message is stored and delivered; only the bot will not hear of it.
    logger.error('MessagePosted could not be published', {
      correlation_id: correlationId,
      error: result.publishError as Error,
    });
  }
}
