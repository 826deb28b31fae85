/**
 * The parts of API Gateway WebSocket events the handlers read. (`aws-lambda`'s types omit the authorizer
 * context that a REQUEST authorizer attaches to every event of the connection.)
 */
export interface WebSocketEvent {
  requestContext: {
    routeKey: string;
    eventType: 'CONNECT' | 'DISCONNECT' | 'MESSAGE';
    connectionId: string;
    requestId?: string;
    /** The authorizer's `context`, on `$connect` and on every later event of the connection. */
    authorizer?: { name?: string; principalId?: string };
  };
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string | null;
  disconnectStatusCode?: number;
}

export interface WebSocketResult {
  statusCode: number;
  body?: string;
}
