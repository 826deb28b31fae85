import { logger } from '../adapters/logger';
import { flushMetrics, MetricUnit, metrics } from '../adapters/metrics';
import { LOBBY_ROOM_ID } from '../contract/limits';
import { ChatError } from '../core/errors';
import { type ConnectDeps, connect } from '../core/presence';
import { type RoomAccessStore, requireEntry } from '../core/room-access';
import { requireLiveSocketSession, type SessionLiveness } from '../core/session-check';
import type { WebSocketEvent, WebSocketResult } from './websocket-event';
import { socketSessionOf } from './websocket-handler';

/**
 * `$connect?token=…&roomId=…`: the authorizer has vouched for the name and its kind; record the socket in its room
 * under its session id, then check the session again, so a sign-out racing this handshake cannot leave it open.
 */
export function makeConnectHandler(
  deps: ConnectDeps & { liveness: SessionLiveness; access: RoomAccessStore },
) {
  return async (event: WebSocketEvent): Promise<WebSocketResult> => {
    const session = socketSessionOf(event.requestContext.authorizer);
    try {
      // A private room only for its members (404, as for no room), no room while removed from it (403): checked
      // before the socket is recorded, so a refused handshake leaves nothing behind.
      await requireEntry(
        deps,
        event.queryStringParameters?.roomId ?? LOBBY_ROOM_ID,
        { name: session.name, kind: session.kind },
        deps.clock.now(),
      );
      const { announceError } = await connect(deps, {
        connectionId: event.requestContext.connectionId,
        name: session.name,
        sessionId: session.sessionId,
        identity: { kind: session.kind, id: session.name },
        roomId: event.queryStringParameters?.roomId,
        recheckSession: () => requireLiveSocketSession(deps.liveness, session, deps.clock.now()),
      });
      if (announceError)
        logger.error('connected, but presence or MemberJoined failed', { error: announceError as Error });
      return { statusCode: 200 };
    } catch (err) {
      // A non-2xx result rejects the handshake with that status.
      if (err instanceof ChatError) {
        if (err.code === 'rate_limited') metrics.addMetric('RateLimited', MetricUnit.Count, 1);
        return { statusCode: err.status, body: err.message };
      }
      logger.error('connect failed', { error: err as Error });
      return { statusCode: 500 };
    } finally {
      flushMetrics();
    }
  };
}
