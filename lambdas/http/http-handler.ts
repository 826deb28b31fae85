import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../adapters/logger';
import { flushMetrics, MetricUnit, metrics } from '../adapters/metrics';
import { ChatError } from '../core/errors';

export interface Reply {
  status: number;
  body: unknown;
}

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export function json(status: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * The one place that turns outcomes into HTTP responses: a ChatError is the client's mistake and becomes its
 * 4xx with `{"error":{"code","message"}}`; anything else is ours, logged, and answered without details.
 */
export function httpHandler(route: (event: APIGatewayProxyEventV2) => Promise<Reply>): HttpHandler {
  return async (event) => {
    logger.appendKeys({
      correlation_id: event.headers?.['x-correlation-id'] ?? event.requestContext?.requestId,
    });
    try {
      const reply = await route(event);
      // 204 No Content has no body (and HTTP API would pass an empty one on as it is).
      if (reply.status === 204) return { statusCode: 204 };
      return json(reply.status, reply.body);
    } catch (err) {
      if (err instanceof ChatError) {
        if (err.code === 'rate_limited') metrics.addMetric('RateLimited', MetricUnit.Count, 1);
        return json(err.status, { error: err.body });
      }
      logger.error('request failed', { error: err as Error, routeKey: event.routeKey });
      return json(500, {
        error: { code: 'internal', message: 'Something went wrong on our side; try again' },
      });
    } finally {
      flushMetrics();
      logger.removeKeys(['correlation_id']);
    }
  };
}

/** The request body as text: HTTP API base64-encodes bodies whose content-type it does not treat as text. */
export function bodyText(event: APIGatewayProxyEventV2): string | undefined {
  if (event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
