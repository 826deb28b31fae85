import { socketsFromEnv, systemClock, tableFromEnv } from '../adapters/from-env';
import { disconnect } from '../core/presence';
import type { WebSocketEvent, WebSocketResult } from './events';

const table = tableFromEnv();
const deps = { connections: table.connections, sockets: socketsFromEnv(), clock: systemClock };

/** `$disconnect` (best effort on AWS: the TTL and fan-out's GoneException handling cover the rest). */
export async function handler(event: WebSocketEvent): Promise<WebSocketResult> {
  await disconnect(deps, event.requestContext.connectionId);
  return { statusCode: 200 };
}
