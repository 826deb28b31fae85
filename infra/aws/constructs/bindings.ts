import type { IHttpApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Binding, HttpRouteSpec } from '../../spec';
import { table as tableSpec } from '../../spec';
import type { ChatFunction } from './chat-function';
import { acknowledgeWildcardResources } from './nag';
import type { ReminderScheduler } from './reminder-scheduler';
import type { ChatUserPool } from './user-pool';

/** Everything a binding can point at. */
export interface BindingTargets {
  table: ITable;
  bus: IEventBus;
  socketsStage: WebSocketStage;
  tokenSecret: ISecret;
  movieApiKey: ISecret;
  /** The IAM-authorized route the bot replies through, and its API. */
  botRoute: { httpApi: IHttpApi; route: HttpRouteSpec };
  httpApiUrl: string;
  reminders: ReminderScheduler;
  accounts: ChatUserPool;
}

// Named actions, no `dynamodb:*`. No Scan: the design reads by key or Query only (fan-out is never a Scan).
const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** Sets the binding's env var(s) and grants exactly what it needs, together, so the two cannot drift apart. */
export function applyBinding(fn: ChatFunction, binding: Binding, targets: BindingTargets): void {
  switch (binding) {
    case 'table:read':
    case 'table:readWrite': {
      const { table } = targets;
      fn.addEnvironment('TABLE_NAME', table.tableName);
      // The table and each index by name, rather than CDK's `index/*`.
      const indexes = tableSpec.globalSecondaryIndexes.map(
        (gsi) => `${table.tableArn}/index/${gsi.indexName}`,
      );
      const actions =
        binding === 'table:read' ? tableReadActions : [...tableReadActions, ...tableWriteActions];
      fn.executionRole.addToPrincipalPolicy(
        new PolicyStatement({ actions, resources: [table.tableArn, ...indexes] }),
      );
      return;
    }
    case 'table:names': {
      // Only PutItem, and only on items whose partition key is a name's (`NAME#…`, adapters/table-keys.ts): the
      // PreSignUp trigger reserves usernames and PostConfirmation makes them permanent; they can touch nothing else
      // in the table, not even read it.
      const { table } = targets;
      fn.addEnvironment('TABLE_NAME', table.tableName);
      fn.executionRole.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['NAME#*'] } },
        }),
      );
      return;
    }
    case 'bus':
      fn.addEnvironment('EVENT_BUS_NAME', targets.bus.eventBusName);
      targets.bus.grantPutEventsTo(fn);
      return;
    case 'sockets': {
      const stage = targets.socketsStage;
      fn.addEnvironment('WEBSOCKET_CALLBACK_URL', stage.callbackUrl);
      const grant = stage.grantManagementApiAccess(fn);
      acknowledgeWildcardResources(
        fn.executionRole,
        grant.principalStatements,
        'ManageConnections is limited to this API and stage; connection ids are only known at run time, and the ' +
          'function posts to (POST), inspects (GET) and drops (DELETE) connections.',
      );
      return;
    }
    case 'tokenSecret':
      fn.addEnvironment('TOKEN_SECRET_ARN', targets.tokenSecret.secretArn);
      targets.tokenSecret.grantRead(fn);
      return;
    case 'movieApiKey':
      fn.addEnvironment('OMDB_API_KEY_SECRET_ARN', targets.movieApiKey.secretArn);
      targets.movieApiKey.grantRead(fn);
      return;
    case 'botApi': {
      const { botRoute } = targets;
      fn.addEnvironment('HTTP_API_URL', targets.httpApiUrl);
      // Only the bot's own route. HttpRoute.grantInvoke would cut the ARN at the first path parameter
      // (`…/POST/bot/rooms/*`); this keeps the rest of the path. `{param}` → `*`, any stage (there is one).
      const { method, path } = botRoute.route;
      const statement = new PolicyStatement({
        actions: ['execute-api:Invoke'],
        resources: [botRoute.httpApi.arnForExecuteApi(method, path.replace(/\{[^}]+\}/g, '*'))],
      });
      fn.executionRole.addToPrincipalPolicy(statement);
      acknowledgeWildcardResources(
        fn.executionRole,
        [statement],
        'Invoke is limited to the single IAM-authorized bot route; the wildcards stand for the stage and the ' +
          '{roomId} path parameter.',
      );
      return;
    }
    case 'scheduler': {
      const { reminders } = targets;
      fn.addEnvironment('SCHEDULER_GROUP', reminders.group.scheduleGroupName);
      fn.addEnvironment('SCHEDULER_ROLE_ARN', reminders.role.roleArn);
      fn.addEnvironment('EVENT_BUS_ARN', targets.bus.eventBusArn);
      const statements = reminders.grantCreateSchedule(fn.executionRole);
      acknowledgeWildcardResources(
        fn.executionRole,
        statements,
        'CreateSchedule is limited to the reminders schedule group; schedule names are chosen at run time.',
      );
      return;
    }
    case 'userPool':
      // No grant: an access token is verified against the pool's public keys (its JWKS), which need no IAM.
      fn.addEnvironment('USER_POOL_ID', targets.accounts.pool.userPoolId);
      fn.addEnvironment('USER_POOL_CLIENT_ID', targets.accounts.client.userPoolClientId);
      return;
    default: {
      const unknown: never = binding;
      throw new Error(`infra/aws: no AWS realization for binding ${String(unknown)}`);
    }
  }
}
