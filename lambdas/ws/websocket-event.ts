/**
 * The parts of API Gateway WebSocket events (Lambda proxy integration) the handlers read, defined once: the
 * local cloud's gateway (infra/local/ws/events.ts) builds its events against this type. (`aws-lambda`'s types
 * omit the authorizer context that a REQUEST authorizer attaches to every event of the connection.)
 */
export interface WebSocketEvent {
  requestContext: {
    routeKey: string;
    eventType: 'CONNECT' | 'DISCONNECT' | 'MESSAGE';
    connectionId: string;
    requestId?: string;
    /**
     * The authorizer's `context`, on `$connect` and on every later event of the connection. API Gateway passes its
     * values on as strings (`expiresAt`: epoch seconds, `"1767225600"`).
     */
    authorizer?: {
      name?: string;
      kind?: string;
      principalId?: string;
      sessionId?: string;
      expiresAt?: string | number;
    };
    /** On `$disconnect`: the close code (1000 normal, 1001 going away, 1006 no close frame, …). */
    disconnectStatusCode?: number;
  };
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string | null;
}

export interface WebSocketResult {
  statusCode: number;
  body?: string;
}
