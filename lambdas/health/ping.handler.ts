import type { Clock } from '../core/ports';

/** GET /health: a cheap ping that touches no dependency. */
export function makeHealthPingHandler(deps: { version: string; clock: Clock }) {
  return async () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      status: 'ok',
      version: deps.version,
      time: new Date(deps.clock.now()).toISOString(),
    }),
  });
}
