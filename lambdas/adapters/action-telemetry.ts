import type { ActionResult } from '../core/message-actions';
import { logger } from './logger';
import { countFanOut, MetricUnit, metrics } from './metrics';

const metricNames = {
  edited: 'MessagesEdited',
  deleted: 'MessagesDeleted',
  reacted: 'ReactionsChanged',
} as const;

/** Records an edit, deletion or reaction change: a metric, the fan-out counts, and what failed after the store. */
export function recordAction(
  kind: keyof typeof metricNames,
  result: ActionResult & { changed?: boolean },
): void {
  if (result.changed === false) return;
  metrics.addMetric(metricNames[kind], MetricUnit.Count, 1);
  countFanOut(result.fanOut);
  if (result.fanOutError) {
    logger.error(`message ${kind} but the room was not told`, { error: result.fanOutError as Error });
  }
  if (result.publishError) {
    logger.error(`message ${kind} but the bus was not told`, { error: result.publishError as Error });
  }
}
