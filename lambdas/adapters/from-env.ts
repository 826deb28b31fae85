import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../core/ports';
import { BotTable } from './bot-table';
import { EventBridgePublisher } from './bus';
import { positiveNumberEnv, requireEnv } from './config';
import { ConnectionTable } from './connection-table';
import { MemberTable } from './member-table';
import { MessageTable } from './message-table';
import { BusPageDispatcher } from './page-dispatcher';
import { RoomTable } from './room-table';
import { cachedSecret } from './secrets';
import { ConnectionsApiSender } from './sockets';

/**
 * Small builders, one per adapter, over the env vars of a function's bindings and config (infra/spec.ts).
 * Each function's entry file calls the ones it needs at module scope (its composition root), so clients are
 * made once per cold start and a missing variable fails the cold start. Endpoints come from the SDK's own
 * `AWS_ENDPOINT_URL_*` variables, which is all the local cloud changes.
 */

export const systemClock: Clock = { now: () => Date.now() };

/** What the table can be seen as; a function asks only for the views it uses. */
const tableViews = {
  messages: (doc: DynamoDBDocumentClient, tableName: string) => new MessageTable(doc, tableName),
  rooms: (doc: DynamoDBDocumentClient, tableName: string) => new RoomTable(doc, tableName),
  connections: (doc: DynamoDBDocumentClient, tableName: string) => new ConnectionTable(doc, tableName),
  members: (doc: DynamoDBDocumentClient, tableName: string) => new MemberTable(doc, tableName),
  bot: (doc: DynamoDBDocumentClient, tableName: string) => new BotTable(doc, tableName),
  /** The client and name themselves, for the deep healthcheck's probes. */
  access: (doc: DynamoDBDocumentClient, tableName: string) => ({ doc, tableName }),
};

export type TableViews = { [K in keyof typeof tableViews]: ReturnType<(typeof tableViews)[K]> };

/** The views of TABLE_NAME asked for, sharing one document client, and nothing else. */
export function tableFromEnv<K extends keyof TableViews>(...names: K[]): Pick<TableViews, K> {
  const tableName = requireEnv('TABLE_NAME');
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return tableViewsOn(doc, tableName, names);
}

/** The views asked for on a given client and table (tests pass a mocked client). */
export function tableViewsOn<K extends keyof TableViews>(
  doc: DynamoDBDocumentClient,
  tableName: string,
  names: readonly K[],
): Pick<TableViews, K> {
  const views: Partial<TableViews> = {};
  for (const name of names) Object.assign(views, { [name]: tableViews[name](doc, tableName) });
  // Every name asked for was just assigned.
  return views as Pick<TableViews, K>;
}

export function socketsFromEnv(): ConnectionsApiSender {
  const endpoint = requireEnv('WEBSOCKET_CALLBACK_URL');
  // One attempt: core's fan-out owns the retry policy (jittered backoff on throttling, none on 410).
  return new ConnectionsApiSender(new ApiGatewayManagementApiClient({ endpoint, maxAttempts: 1 }));
}

export function busFromEnv(): EventBridgePublisher {
  return new EventBridgePublisher(new EventBridgeClient({}), requireEnv('EVENT_BUS_NAME'));
}

/** The key that signs guest tokens, read from its secret once and then cached. */
export type TokenKey = () => Promise<string>;

export function tokenKeyFromEnv(): TokenKey {
  return cachedSecret(new SecretsManagerClient({}), requireEnv('TOKEN_SECRET_ARN'));
}

/** Big rooms' fan-out: FAN_OUT_PAGE_SIZE sockets a page, further pages handed to FanOut through the bus. */
export function fanOutPagesFromEnv(): { pageSize: number; dispatcher: BusPageDispatcher } {
  return {
    pageSize: positiveNumberEnv('FAN_OUT_PAGE_SIZE'),
    dispatcher: new BusPageDispatcher(new EventBridgeClient({}), requireEnv('EVENT_BUS_NAME')),
  };
}

export function messageTtlSecondsFromEnv(): number {
  return positiveNumberEnv('MESSAGE_TTL_HOURS') * 60 * 60;
}
