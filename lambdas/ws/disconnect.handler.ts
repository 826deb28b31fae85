import type { Clock, ConnectionStore } from '../core/ports';
import { disconnect } from '../core/presence';
import type { WebSocketEvent, WebSocketResult } from './websocket-event';

/** `$disconnect` (best effort on AWS: the TTL and fan-out's GoneException handling cover the rest). */
export function makeDisconnectHandler(deps: { connections: ConnectionStore; clock: Clock }) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    await disconnect(deps, event.requestContext.connectionId);
    return { statusCode: 200 };
  };
}
