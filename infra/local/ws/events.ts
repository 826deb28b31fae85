/**
 * Lambda events exactly as API Gateway WebSocket APIs build them (Lambda proxy integration), so handlers see
 * locally what they will see on AWS. Shapes follow the WebSocket mapping-template reference ($context.*) and
 * events logged from real APIs.
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocketEvent } from '../../../lambdas/ws/websocket-event';
import { localCredentials } from '../types';
import { apiGatewayId } from './ids';

export interface GatewayInfo {
  apiId: string;
  stage: string;
  /** 'host:port': API Gateway reports its own domain; handlers may build the callback URL from it. */
  domainName: string;
}

/** What API Gateway remembers about a connection and repeats in every one of its events. */
export interface ConnectionInfo {
  connectionId: string;
  connectedAt: number;
  sourceIp: string;
  userAgent: string;
  /** Set by a Lambda authorizer at $connect; API Gateway repeats it on every later event of the connection. */
  authorizer?: Record<string, unknown>;
}

/** The parts of the upgrade request that $connect and the authorizer see. */
export interface Handshake {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
}

/** The handlers' own event type says which kinds there are (lambdas/ws/websocket-event.ts). */
export type EventType = WebSocketEvent['requestContext']['eventType'];

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `$context.requestTime`: CLF format, e.g. '19/Mar/2019:09:39:18 +0000'. */
export function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

/** Headers with the client's original casing (API Gateway keeps it; Node lower-cases `req.headers`). */
export function handshakeFrom(req: IncomingMessage, sourceIp: string, port: number): Handshake {
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    append(multiValueHeaders, name, req.rawHeaders[i + 1] as string);
  }
  // API Gateway's edge adds these before the request reaches the integration.
  multiValueHeaders['X-Forwarded-For'] = [sourceIp];
  multiValueHeaders['X-Forwarded-Port'] = [String(port)];
  multiValueHeaders['X-Forwarded-Proto'] = ['http'];
  const headers = lastValues(multiValueHeaders);

  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const multiValueQuery: Record<string, string[]> = {};
  for (const [name, value] of query) append(multiValueQuery, name, value);
  const hasQuery = Object.keys(multiValueQuery).length > 0;
  return {
    headers,
    multiValueHeaders,
    // Like REST-style (1.0) events: the single-value map keeps the last value of a repeated parameter.
    ...(hasQuery
      ? {
          queryStringParameters: lastValues(multiValueQuery),
          multiValueQueryStringParameters: multiValueQuery,
        }
      : {}),
  };
}

function append(multi: Record<string, string[]>, name: string, value: string): void {
  const values = multi[name];
  if (values) values.push(value);
  else multi[name] = [value];
}

function lastValues(multi: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1] as string]));
}

function requestContext(
  gateway: GatewayInfo,
  connection: ConnectionInfo,
  routeKey: string,
  eventType: EventType,
  requestId: string,
) {
  const now = Date.now();
  return {
    routeKey,
    eventType,
    // `$context.requestId` is documented as "same as $context.extendedRequestId" for WebSocket APIs.
    extendedRequestId: requestId,
    requestTime: requestTime(now),
    messageDirection: 'IN' as const,
    stage: gateway.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: now,
    identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
    requestId,
    domainName: gateway.domainName,
    connectionId: connection.connectionId,
    apiId: gateway.apiId,
    ...(connection.authorizer ? { authorizer: connection.authorizer } : {}),
  };
}

export function connectEvent(
  gateway: GatewayInfo,
  connection: ConnectionInfo,
  handshake: Handshake,
  requestId: string,
) {
  return {
    ...handshake,
    requestContext: requestContext(gateway, connection, '$connect', 'CONNECT', requestId),
    isBase64Encoded: false,
  };
}

/**
 * `$disconnect` has no client request behind it; AWS sends a fixed set of mostly empty headers and puts the
 * close code and reason in the request context.
 */
export function disconnectEvent(
  gateway: GatewayInfo,
  connection: ConnectionInfo,
  code: number,
  reason: string,
) {
  const headers = { Host: gateway.domainName, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' };
  return {
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    requestContext: {
      ...requestContext(gateway, connection, '$disconnect', 'DISCONNECT', apiGatewayId()),
      disconnectStatusCode: code,
      disconnectReason: reason,
    },
    isBase64Encoded: false,
  };
}

export function messageEvent(
  gateway: GatewayInfo,
  connection: ConnectionInfo,
  routeKey: string,
  body: string,
) {
  const requestId = apiGatewayId();
  return {
    requestContext: {
      ...requestContext(gateway, connection, routeKey, 'MESSAGE', requestId),
      messageId: apiGatewayId(),
    },
    body,
    isBase64Encoded: false,
  };
}

/** The ARN a REQUEST authorizer's policy must allow, e.g. arn:aws:execute-api:us-east-1:000000000000:local/live/$connect. */
export function connectMethodArn(gateway: GatewayInfo): string {
  const { region, accountId } = localCredentials;
  return `arn:aws:execute-api:${region}:${accountId}:${gateway.apiId}/${gateway.stage}/$connect`;
}

/** A REQUEST authorizer event for WebSocket APIs: the $connect request plus `type` and `methodArn`. */
export function authorizerEvent(
  gateway: GatewayInfo,
  connection: ConnectionInfo,
  handshake: Handshake,
  requestId: string,
) {
  return {
    type: 'REQUEST' as const,
    methodArn: connectMethodArn(gateway),
    ...handshake,
    stageVariables: {},
    requestContext: requestContext(gateway, connection, '$connect', 'CONNECT', requestId),
  };
}
