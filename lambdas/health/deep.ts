import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { requireEnv } from '../adapters/config';
import { systemClock } from '../adapters/from-env';
import { HealthTable } from '../adapters/health-table';
import { tableFromEnv } from '../adapters/table-from-env';
import { makeDeepHealthHandler } from './deep.handler';

const { access, bot } = tableFromEnv('access', 'bot');

/**
 * HealthDeep's entry: its adapters, built once per cold start from its bindings. Its own clients, not the
 * shared builders': a probe makes one attempt and fails fast.
 */
export const handler = makeDeepHealthHandler({
  reports: new HealthTable(access.doc, access.tableName),
  bot,
  bus: { client: new EventBridgeClient({ maxAttempts: 1 }), name: requireEnv('EVENT_BUS_NAME') },
  sockets: new ApiGatewayManagementApiClient({
    endpoint: requireEnv('WEBSOCKET_CALLBACK_URL'),
    maxAttempts: 1,
  }),
  version: requireEnv('APP_VERSION'),
  clock: systemClock,
});
