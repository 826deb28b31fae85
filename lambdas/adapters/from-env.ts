import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PostMessageDeps } from '../core/messages';
import type { Clock } from '../core/ports';
import { EventBridgePublisher } from './bus';
import { numberEnv, requireEnv } from './config';
import { ConnectionTable } from './connection-table';
import { MessageTable } from './message-table';
import { RateLimitTable } from './rate-limit-table';
import { RoomTable } from './room-table';
import { cachedSecret } from './secrets';
import { ConnectionsApiSender } from './sockets';

/**
 * Builds adapters from the env vars of a function's bindings (infra/spec.ts). Handlers call these at module
 * scope, so clients are made once per cold start and a missing variable fails the cold start. Endpoints come
 * from the SDK's own `AWS_ENDPOINT_URL_*` variables, which is all the local cloud changes.
 */

export const systemClock: Clock = { now: () => Date.now() };

export function tableFromEnv() {
  const tableName = requireEnv('TABLE_NAME');
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    doc,
    tableName,
    messages: new MessageTable(doc, tableName),
    rooms: new RoomTable(doc, tableName),
    connections: new ConnectionTable(doc, tableName),
    // A burst of 5, then about one message a second per person.
    rateLimiter: new RateLimitTable(doc, tableName, { burst: 5, intervalMs: 1000 }),
  };
}

export function socketsFromEnv(): ConnectionsApiSender {
  const endpoint = requireEnv('WEBSOCKET_CALLBACK_URL');
  // One attempt: core's fan-out owns the retry policy (jittered backoff on throttling, none on 410).
  return new ConnectionsApiSender(new ApiGatewayManagementApiClient({ endpoint, maxAttempts: 1 }));
}

export function busFromEnv(): EventBridgePublisher {
  return new EventBridgePublisher(new EventBridgeClient({}), requireEnv('EVENT_BUS_NAME'));
}

export function tokenKeyFromEnv(): () => Promise<string> {
  return cachedSecret(new SecretsManagerClient({}), requireEnv('TOKEN_SECRET_ARN'));
}

export function messageTtlSecondsFromEnv(): number {
  return numberEnv('MESSAGE_TTL_HOURS', 48) * 60 * 60;
}

/**
 * What the one message path needs (table, sockets, bus, clock, TTL). `rateLimited: false` is for the bot,
 * whose rate is bounded by the messages it answers.
 */
export function postMessageDepsFromEnv(options: { rateLimited: boolean }): PostMessageDeps {
  const { messages, rooms, connections, rateLimiter } = tableFromEnv();
  return {
    messages,
    rooms,
    connections,
    rateLimiter: options.rateLimited ? rateLimiter : undefined,
    sockets: socketsFromEnv(),
    bus: busFromEnv(),
    clock: systemClock,
    messageTtlSeconds: messageTtlSecondsFromEnv(),
  };
}
