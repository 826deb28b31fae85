import { sendFrame } from '../core/fan-out';
import type { SocketSender } from '../core/ports';
import { frameHandler } from './websocket-handler';

/** `ping` → `pong`: the page pings before API Gateway's 10-minute idle timeout. */
export function makePingHandler(deps: { sockets: SocketSender }) {
  return frameHandler(deps.sockets, async ({ connectionId }) => {
    await sendFrame(deps.sockets, connectionId, { type: 'pong' });
  });
}
