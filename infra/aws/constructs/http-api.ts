import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type HttpRouteSpec, httpApiCors } from '../../spec';
import { acknowledge } from './nag';

export interface ChatHttpApiProps {
  /** The site's origins (`https://…`: CloudFront's and the custom domain's), the only ones CORS lets call the API. */
  allowedOrigins: readonly string[];
}

/** `METHOD /path`, API Gateway's route key, used to look routes up. */
export function routeKey(route: Pick<HttpRouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/** The REST side of the public contract: one Lambda per route, payload format 2.0. */
export class ChatHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** By route key (`POST /rooms`). */
  readonly routes = new Map<string, HttpRoute>();

  constructor(scope: Construct, id: string, { allowedOrigins }: ChatHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-http`,
      description: 'Chatty REST API',
      // The default stage is created below, with access logs (HttpApi's own default stage takes none).
      createDefaultStage: false,
      // infra/spec.ts's CORS, shared with the local cloud; only the origins are known here.
      corsPreflight: {
        allowOrigins: [...allowedOrigins],
        allowMethods: httpApiCors.allowMethods.map((m) => CorsHttpMethod[m]),
        allowHeaders: [...httpApiCors.allowHeaders],
        exposeHeaders: [...httpApiCors.exposeHeaders],
        allowCredentials: httpApiCors.allowCredentials,
        maxAge: Duration.seconds(httpApiCors.maxAgeSeconds),
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Not the id 'Default': CDK hides that id in logical ids, which can collide with the API's own resource.
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
      // Account-wide Lambda concurrency is shared: one runaway client must not starve the rest.
      throttle: { rateLimit: 100, burstLimit: 200 },
    });
  }

  /** The base URL (no trailing slash) that config.json gives the page; paths are appended to it. */
  get url(): string {
    return this.api.apiEndpoint;
  }

  addRoutes(routes: readonly HttpRouteSpec[], functionNamed: (name: string) => IFunction): void {
    for (const spec of routes) {
      const integration = new HttpLambdaIntegration(
        `${spec.function}Integration`,
        functionNamed(spec.function),
        {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
        },
      );
      const [route] = this.api.addRoutes({
        path: spec.path,
        methods: [HttpMethod[spec.method]],
        integration,
        // `iam`: API Gateway checks the SigV4 signature. `bearer` and `none` reach the function, which checks
        // the guest token itself where the contract asks for one.
        authorizer: spec.auth === 'iam' ? new HttpIamAuthorizer() : undefined,
      });
      // addRoutes makes one route per method, and this passes one method.
      if (!route) throw new Error(`addRoutes made no route for ${routeKey(spec)}`);
      if (spec.auth !== 'iam') {
        acknowledge(
          route,
          'AwsSolutions-APIG4',
          spec.auth === 'bearer'
            ? 'Guest Bearer tokens are HMAC-signed by the app (no user pool); the function verifies them itself.'
            : 'Public by the API contract (health, guest sign-in, reading rooms/messages/members).',
        );
      }
      this.routes.set(routeKey(spec), route);
    }
  }
}
