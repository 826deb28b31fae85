import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgePublisher } from '../../../../lambdas/adapters/bus';
import { KindRateLimiter } from '../../../../lambdas/adapters/message-rate';
import { RateLimitTable } from '../../../../lambdas/adapters/rate-limit-table';
import { ConnectionsApiSender } from '../../../../lambdas/adapters/sockets';
import { type TableViews, tableViewsOn } from '../../../../lambdas/adapters/table-from-env';

/**
 * The real adapters over SDK clients that a test mocks with aws-sdk-client-mock (`mockClient(Class)` stubs
 * `send` for every instance), so a handler test injects them and checks what reaches DynamoDB, @connections
 * and EventBridge. The clients get a region so that nothing is read from the environment.
 */
export const TABLE = 'chatty-unit';
export const BUS = 'chatty';
export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:chatty-token-key';
const region = 'us-east-1';

export function tableOnMockedClient<K extends keyof TableViews>(...names: K[]): Pick<TableViews, K> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return tableViewsOn(doc, TABLE, names);
}

/** The message limiter as infra/spec.ts configures it: a burst of 5 for an account, 3 for a guest, then 1/s. */
export function messageRateOnMockedClient(): KindRateLimiter {
  const { access } = tableOnMockedClient('access');
  const rate = (burst: number) =>
    new RateLimitTable(access.doc, access.tableName, { burst, intervalMs: 1000 });
  return new KindRateLimiter({ account: rate(5), guest: rate(3) });
}

export function socketsOnMockedClient(): ConnectionsApiSender {
  return new ConnectionsApiSender(
    new ApiGatewayManagementApiClient({
      region,
      endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/live',
      maxAttempts: 1,
    }),
  );
}

export function busOnMockedClient(): EventBridgePublisher {
  return new EventBridgePublisher(new EventBridgeClient({ region }), BUS);
}
