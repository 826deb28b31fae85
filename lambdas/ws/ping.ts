import { socketsFromEnv } from '../adapters/from-env';
import { sendFrame } from '../core/fan-out';
import { frameHandler } from './respond';

const sockets = socketsFromEnv();

/** `ping` → `pong`: the page pings before API Gateway's 10-minute idle timeout. */
export const handler = frameHandler(sockets, async ({ connectionId }) => {
  await sendFrame(sockets, connectionId, { type: 'pong' });
});
