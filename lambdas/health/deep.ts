import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { requireEnv } from '../adapters/config';
import { systemClock, tableFromEnv } from '../adapters/from-env';
import { makeDeepHealthHandler } from './deep.handler';

const { access, rooms, bot } = tableFromEnv('access', 'rooms', 'bot');

/**
 * HealthDeep's entry: its adapters, built once per cold start from its bindings. Its own clients, not the
 * shared builders': a probe makes one attempt and fails fast.
 */
export const handler = makeDeepHealthHandler({
  table: access,
  rooms,
  bot,
  bus: { client: new EventBridgeClient({ maxAttempts: 1 }), name: requireEnv('EVENT_BUS_NAME') },
  sockets: new ApiGatewayManagementApiClient({
    endpoint: requireEnv('WEBSOCKET_CALLBACK_URL'),
    maxAttempts: 1,
  }),
  version: requireEnv('APP_VERSION'),
  clock: systemClock,
});
