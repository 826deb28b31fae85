import * as v from 'valibot';
import { logger } from '../adapters/logger';
import { countFanOut, flushMetrics } from '../adapters/metrics';
import { type FanOutPageDetail, FanOutPageDetailSchema } from '../contract/events';
import type { FanOutDeps } from '../core/fan-out';
import { type PageDispatcher, postPage } from '../core/fan-out-pages';
import type { Clock } from '../core/ports';

/**
 * The FanOut function: the bus's FanOutPages rule invokes it (asynchronously) with one `FanOutPage` event, a page
 * of a big room's sockets (core/fan-out-pages.ts). A malformed event is logged and dropped (retrying cannot fix
 * it); a failure to pass on undelivered sockets throws, so Lambda retries the event.
 */
export function makeFanOutPageHandler(deps: FanOutDeps & { dispatcher: PageDispatcher; clock: Clock }) {
  return async (event: { detail?: unknown }): Promise<void> => {
    const parsed = v.safeParse(FanOutPageDetailSchema, event.detail);
    if (!parsed.success) {
      logger.error('dropped a malformed FanOutPage event', { issues: v.summarize(parsed.issues) });
      return;
    }
    const page: FanOutPageDetail = parsed.output;
    try {
      const result = await postPage(deps, page, deps.clock.now());
      countFanOut(result);
      if (result.passedOn > 0) logger.warn('passed undelivered sockets on', { passedOn: result.passedOn });
    } finally {
      flushMetrics();
    }
  };
}
