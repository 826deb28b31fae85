import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BotTable } from './bot-table';
import { requireEnv } from './config';
import { ConnectionTable } from './connection-table';
import { MemberTable } from './member-table';
import { MessageTable } from './message-table';
import { RoomTable } from './room-table';

/**
 * The table's views over TABLE_NAME for a function's composition root (see from-env.ts).
 * Its own module because esbuild keeps an external package's import in a bundle even when nothing uses what it
 * imports (it cannot know the package has no side effects), and each SDK client costs a cold start 50-115 ms to
 * load: a function must import only the builders of the clients it uses (bench: cold starts).
 */

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
