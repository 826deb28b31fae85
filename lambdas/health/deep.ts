import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { BotTable } from '../adapters/bot-table';
import { requireEnv } from '../adapters/config';
import { tableFromEnv } from '../adapters/from-env';
import { countOnline, probeBus, probeSockets, probeTable } from '../adapters/health-probes';
import { logger } from '../adapters/logger';
import { botFreshness, runChecks } from '../core/health';
import { listRooms } from '../core/rooms';

const table = tableFromEnv();
const botTable = new BotTable(table.doc, table.tableName);
const busName = requireEnv('EVENT_BUS_NAME');
// Probes must fail fast, not wait through the SDK's retries: one attempt each.
const bus = new EventBridgeClient({ maxAttempts: 1 });
const sockets = new ApiGatewayManagementApiClient({
  endpoint: requireEnv('WEBSOCKET_CALLBACK_URL'),
  maxAttempts: 1,
});
const version = process.env.APP_VERSION ?? 'dev';

/** GET /health/deep: 200 when every dependency answers, 503 otherwise; counts and version, nothing secret. */
export async function handler() {
  const { ok, checks } = await runChecks({
    table: () => probeTable(table.doc, table.tableName),
    bus: () => probeBus(bus, busName),
    sockets: () => probeSockets(sockets),
    bot: async () => botFreshness(await botTable.lastHeartbeat(), Date.now()),
  });
  let counts: { rooms: number; socketsOnline: number } | null = null;
  if (checks.table?.ok) {
    try {
      const rooms = await listRooms(table.rooms);
      const ids = rooms.map((r) => r.roomId);
      counts = {
        rooms: rooms.length,
        socketsOnline: await countOnline(table.doc, table.tableName, ids, Math.floor(Date.now() / 1000)),
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
      version,
      time: new Date().toISOString(),
      checks,
      counts,
    }),
  };
}
