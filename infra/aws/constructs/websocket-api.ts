import { Annotations, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat, CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { WebSocketRouteSpec } from '../../spec';
import { webSocketAuthorizer, webSocketRouteSelection, webSocketStage, webSocketThrottle } from '../../spec';
import type { ApiGatewayAccountLogging } from '../context';
import { acknowledge } from './nag';

const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    eventType: '$context.eventType',
    connectionId: '$context.connectionId',
    status: '$context.status',
    error: '$context.error.message',
    authorizerError: '$context.authorizer.error',
    integrationLatencyMs: '$context.integrationLatency',
  }),
);

export interface ChatWebSocketApiProps {
  /**
   * Unlike HTTP APIs, WebSocket (and REST) APIs write access logs through the account's API Gateway CloudWatch
   * role, one setting per account and region (AWS::ApiGateway::Account). A stage with access logs fails to deploy
   * ("CloudWatch Logs role ARN must be set in account settings to enable logging") when the account has none.
   * `off`: no access logs, the account is not touched. `create`: this stack creates the role and points the
   * account at it (overwriting any role set before). `existing`: the account already has one; logs are on.
   */
  accountLogging: ApiGatewayAccountLogging;
}

/** The realtime side of the public contract: routes on `$request.body.action`, authorized once at `$connect`. */
export class ChatWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;

  constructor(scope: Construct, id: string, { accountLogging }: ChatWebSocketApiProps) {
    super(scope, id);
    this.api = new WebSocketApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-websocket`,
      description: 'Chatty realtime API',
      routeSelectionExpression: webSocketRouteSelection,
    });
    // The stage keeps the spec's name in every copy: the stack name already sets copies apart (the API id is
    // part of the URL), and the page, the canary and the local cloud all expect `/live`.
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: webSocketStage,
      autoDeploy: true,
      accessLogSettings: accountLogging === 'off' ? undefined : this.accessLogSettings(),
      // The spec's, which the local cloud's stand-in enforces with 429 LimitExceededException when asked to.
      throttle: { rateLimit: webSocketThrottle.rateLimit, burstLimit: webSocketThrottle.burstLimit },
    });
    if (accountLogging === 'create') this.stage.node.addDependency(this.cloudWatchAccountRole());
    if (accountLogging === 'off') {
      Annotations.of(this.stage).addInfo(
        'WebSocket access logs are off: they need the account-wide API Gateway CloudWatch role. Deploy with ' +
          '-c apiGatewayAccountLogging=existing when the account has one, or =true to create it (see README).',
      );
      acknowledge(
        this.stage,
        'AwsSolutions-APIG1',
        'Access logs need the account-wide API Gateway CloudWatch role, which this stack only sets when asked ' +
          '(-c apiGatewayAccountLogging=true|existing); function logs still record every connection.',
      );
    }
  }

  private accessLogSettings() {
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    return { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat };
  }

  /** The `wss://` URL clients connect to. */
  get url(): string {
    return this.stage.url;
  }

  addRoutes(routes: readonly WebSocketRouteSpec[], functionNamed: (name: string) => IFunction): void {
    const authorizer = new WebSocketLambdaAuthorizer(
      'TokenAuthorizer',
      functionNamed(webSocketAuthorizer.function),
      {
        identitySource: [`route.request.querystring.${webSocketAuthorizer.identitySource}`],
      },
    );
    for (const spec of routes) {
      const isConnect = spec.routeKey === '$connect';
      // Integration ids come from the function name, never 'Default' (see the HTTP stage's comment).
      const route = this.api.addRoute(spec.routeKey, {
        integration: new WebSocketLambdaIntegration(
          `${spec.function}Integration`,
          functionNamed(spec.function),
        ),
        authorizer: isConnect ? authorizer : undefined,
      });
      if (!isConnect) {
        acknowledge(
          route,
          'AwsSolutions-APIG4',
          'API Gateway runs WebSocket authorizers on $connect only; later frames ride the authorized connection.',
        );
      }
    }
  }

  private cloudWatchAccountRole(): CfnAccount {
    const role = new iam.Role(this, 'ApiGatewayLogsRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    });
    // The setting is per account and region and outlives this stack (deleting AWS::ApiGateway::Account changes
    // nothing); a deleted role would break the logging of every other API in the account, so the role stays when
    // the stack goes. It has a generated name: a later deploy creates a new role and points the account at it.
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    acknowledge(
      role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The AWS-documented policy for the account-level API Gateway logging role; API Gateway creates its own log groups.',
    );
    return new CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
  }
}
