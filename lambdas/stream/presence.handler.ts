import { logger } from '../adapters/logger';
import { flushMetrics, MetricUnit, metrics } from '../adapters/metrics';
import { type PresenceStreamDeps, processPresenceBatch, type StreamRecord } from '../core/presence-stream';

/**
 * The Presence function: invoked by the event source mapping on the table's stream (infra/spec.ts
 * `presenceStream`) with a batch of connection records. A thrown error fails the whole batch, which the mapping
 * retries (and bisects) as Lambda does: the batch's work is idempotent.
 */
export function makePresenceHandler(deps: PresenceStreamDeps) {
  return async (event: { Records?: StreamRecord[] }): Promise<void> => {
    try {
      const result = await processPresenceBatch(deps, event.Records ?? []);
      metrics.addMetric('PresenceRecords', MetricUnit.Count, event.Records?.length ?? 0);
      metrics.addMetric('PresenceFramesPerMember', MetricUnit.Count, result.framesPerMember);
    } catch (err) {
      logger.error('presence batch failed', { error: err as Error, records: event.Records?.length ?? 0 });
      throw err;
    } finally {
      flushMetrics();
    }
  };
}
