import type { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { countOnline, probeBus, probeSockets, probeTable } from '../adapters/health-probes';
import { logger } from '../adapters/logger';
import { botFreshness, runChecks } from '../core/health';
import type { Clock, RoomStore } from '../core/ports';
import { listRooms } from '../core/rooms';

export interface DeepHealthDeps {
  table: { doc: DynamoDBDocumentClient; tableName: string };
  rooms: RoomStore;
  bot: { lastHeartbeat(): Promise<string | undefined> };
  /** Clients that make one attempt each: a probe must fail fast, not wait through the SDK's retries. */
  bus: { client: EventBridgeClient; name: string };
  sockets: ApiGatewayManagementApiClient;
  version: string;
  clock: Clock;
}

/** GET /health/deep: 200 when every dependency answers, 503 otherwise; counts and version, nothing secret. */
export function makeDeepHealthHandler(deps: DeepHealthDeps) {
  const { table } = deps;
  return async () => {
    const { ok, checks } = await runChecks({
      table: () => probeTable(table.doc, table.tableName),
      bus: () => probeBus(deps.bus.client, deps.bus.name),
      sockets: () => probeSockets(deps.sockets),
      bot: async () => botFreshness(await deps.bot.lastHeartbeat(), deps.clock.now()),
    });
    let counts: { rooms: number; socketsOnline: number } | null = null;
    if (checks.table?.ok) {
      try {
        const rooms = await listRooms(deps.rooms);
        const ids = rooms.map((r) => r.roomId);
        const nowSeconds = Math.floor(deps.clock.now() / 1000);
        counts = {
          rooms: rooms.length,
          socketsOnline: await countOnline(table.doc, table.tableName, ids, nowSeconds),
        };
      } catch (err) {
        logger.warn('counts unavailable', { error: err as Error });
      }
    }
    if (!ok) logger.error('deep healthcheck failing', { checks });
    return {
      statusCode: ok ? 200 : 503,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({
        status: ok ? 'ok' : 'failing',
        version: deps.version,
        time: new Date(deps.clock.now()).toISOString(),
        checks,
        counts,
      }),
    };
  };
}
