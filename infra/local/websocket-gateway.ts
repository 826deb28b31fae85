/**
 * The local stand-in for an API Gateway WebSocket API plus its `@connections` management API, on one port:
 * clients connect to `ws://127.0.0.1:PORT/STAGE`, functions call back on `http://127.0.0.1:PORT/STAGE`.
 * It runs the spec's functions through `invoke` with events shaped like the real ones (see ws/events.ts).
 */
import { createServer, type IncomingMessage, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocketRouteSpec } from '../spec';
import type { SigningCredentials } from './sigv4';
import { type Invoke, localCredentials, type RunningService } from './types';
import { runAuthorizer } from './ws/authorizer';
import { type ConnectOutcome, readConnectResult } from './ws/connect-response';
import { GatewayConnection } from './ws/connection';
import { connectionIdFromPath, handleConnectionsRequest, sendError } from './ws/connections-api';
import {
  authorizerEvent,
  type ConnectionInfo,
  connectEvent,
  connectMethodArn,
  disconnectEvent,
  type GatewayInfo,
  type Handshake,
  handshakeFrom,
  messageEvent,
} from './ws/events';
import { apiGatewayId } from './ws/ids';
import { selectRoute } from './ws/routes';
import { type ThrottleLimits, TokenBucket } from './ws/throttle';

export interface WebSocketGatewayOptions {
  routes: readonly WebSocketRouteSpec[];
  /** `identitySource` is the name of the query-string parameter that must be present (e.g. 'token'). */
  authorizer?: { function: string; identitySource: string };
  invoke: Invoke;
  stage: string;
  /** 0 / undefined = any free port; the host is always 127.0.0.1. */
  port?: number;
  apiId?: string;
  /** API Gateway: 10 minutes without a client message. Shorter in tests. */
  idleTimeoutMs?: number;
  /** API Gateway: 2 hours, whatever the activity. Shorter in tests. */
  maxConnectionMs?: number;
  /**
   * The stage's throttle (infra/spec.ts `webSocketThrottle` on AWS). Off unless given: locally one developer
   * never reaches it, and tests turn it on (with their own small numbers) to exercise what callers do on 429.
   */
  throttle?: ThrottleLimits;
  /** Whose SigV4 signatures `@connections` accepts; default: the local cloud's credentials. */
  credentials?: SigningCredentials;
}

export interface WebSocketGateway extends RunningService {
  url: string;
  callbackUrl: string;
  connectionCount(): number;
  /** Turns the stage's throttle on (full buckets) or off while running, e.g. once a test's clients are in. */
  setThrottle(limits: ThrottleLimits | undefined): void;
}

/** API Gateway's frame limit; bigger client frames close the socket with 1009. */
const maxFrameBytes = 32 * 1024;
/** How long a shutdown waits for clients to answer the close frame before dropping them. */
const closeGraceMs = 1000;

export async function startWebSocketGateway(options: WebSocketGatewayOptions): Promise<WebSocketGateway> {
  const { invoke, stage, routes } = options;
  const limits = {
    idleTimeoutMs: options.idleTimeoutMs ?? 10 * 60_000,
    maxConnectionMs: options.maxConnectionMs ?? 2 * 60 * 60_000,
  };
  const routeFunction = new Map(routes.map((r) => [r.routeKey, r.function]));
  const connections = new Map<string, GatewayConnection>();
  const pendingDisconnects = new Set<Promise<unknown>>();
  // Two buckets with the stage's numbers: one for what clients send (the routes: $connect and messages), one for
  // the @connections calls of the backend, so a chatty backend cannot starve clients of their own limit.
  let routesBucket: TokenBucket | undefined;
  let connectionsBucket: TokenBucket | undefined;
  const setThrottle = (limits: ThrottleLimits | undefined) => {
    routesBucket = limits ? new TokenBucket(limits) : undefined;
    connectionsBucket = limits ? new TokenBucket(limits) : undefined;
  };
  setThrottle(options.throttle);
  const credentials = options.credentials ?? localCredentials;
  // What each $connect chose to send back, keyed by its upgrade request, for the 101 response's headers.
  const subprotocols = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxFrameBytes,
    // ws would otherwise accept the client's first subprotocol on its own; API Gateway never does.
    handleProtocols: () => false,
  });
  wss.on('headers', (headers, req) => {
    const subprotocol = subprotocols.get(req);
    if (subprotocol !== undefined) headers.push(`Sec-WebSocket-Protocol: ${subprotocol}`);
  });
  let closing = false;
  let closed: Promise<void> | undefined;

  const server = createServer((req, res) => {
    const connectionId = connectionIdFromPath(new URL(req.url ?? '/', 'http://localhost').pathname, stage);
    if (connectionId === undefined) {
      req.resume();
      return sendError(res, 403, 'ForbiddenException', 'Forbidden');
    }
    handleConnectionsRequest(req, res, connectionId, {
      find: (id) => connections.get(id),
      credentials,
      withinThrottle: () => connectionsBucket?.take() ?? true,
      // Only a broken request stream (the caller went away mid-body) gets here: nobody is left to answer.
    }).catch(() => res.destroy());
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handleUpgrade(req, socket, head).catch(() => reject(socket, 500));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const gateway: GatewayInfo = { apiId: options.apiId ?? 'local', stage, domainName: `127.0.0.1:${port}` };

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => {}); // a client vanishing mid-handshake is not the gateway's error
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (closing || (pathname !== `/${stage}` && pathname !== `/${stage}/`)) return reject(socket, 403);
    if (req.headers.upgrade?.toLowerCase() !== 'websocket' || !req.headers['sec-websocket-key']) {
      return reject(socket, 400);
    }

    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const info: ConnectionInfo = {
      connectionId: apiGatewayId(),
      connectedAt: Date.now(),
      sourceIp,
      userAgent: req.headers['user-agent'] ?? '',
    };
    const handshake = handshakeFrom(req, sourceIp, port);
    const connection = new GatewayConnection(info);
    // Registered while $connect runs so that @connections calls for it answer 410, as AWS does.
    connections.set(info.connectionId, connection);

    const { refuseWith, subprotocol } = await admit(info, handshake);
    if (refuseWith !== undefined) {
      connections.delete(info.connectionId);
      connection.abandon();
      return reject(socket, refuseWith);
    }
    if (subprotocol !== undefined) subprotocols.set(req, subprotocol);
    // The client may have left (or we may be shutting down) while $connect ran. $connect may have stored
    // the connection, so it still gets its $disconnect, as AWS would (best effort) give it.
    let upgraded = false;
    const abandon = () => {
      if (upgraded || connection.state !== 'connecting') return;
      connection.abandon();
      disconnect(connection, 1006, 'Going away');
    };
    if (closing || socket.destroyed || !socket.readable || !socket.writable) {
      socket.destroy();
      return abandon();
    }
    socket.once('close', abandon);
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      socket.off('close', abandon);
      connection.open(ws, limits, {
        onMessage: (text) => onMessage(connection, text),
        onClose: (code, reason) => disconnect(connection, code, reason),
      });
    });
  }

  /** Runs the authorizer and $connect: the HTTP status that rejects the handshake, or the 101's subprotocol. */
  async function admit(info: ConnectionInfo, handshake: Handshake): Promise<ConnectOutcome> {
    const requestId = apiGatewayId();
    // $connect is a route like any other: over the stage's limit, the handshake is refused with 429.
    if (routesBucket && !routesBucket.take()) return { refuseWith: 429 };
    if (options.authorizer) {
      // A missing identity source is refused before the authorizer is ever invoked.
      if (!handshake.queryStringParameters?.[options.authorizer.identitySource]) return { refuseWith: 401 };
      const event = authorizerEvent(gateway, info, handshake, requestId);
      const outcome = await runAuthorizer(
        invoke,
        options.authorizer.function,
        event,
        connectMethodArn(gateway),
      );
      if (!outcome.allowed) return { refuseWith: outcome.statusCode };
      info.authorizer = outcome.authorizer;
    }
    const connectFunction = routeFunction.get('$connect');
    if (!connectFunction) return {};
    try {
      return readConnectResult(
        await invoke(connectFunction, connectEvent(gateway, info, handshake, requestId)),
      );
    } catch {
      return { refuseWith: 500 };
    }
  }

  function onMessage(connection: GatewayConnection, text: string): void {
    const routeKey = selectRoute(text, routeFunction);
    if (!routeKey) return void sendGatewayError(connection, 'Forbidden', apiGatewayId());
    // A throttled frame never reaches the function; the client is told in API Gateway's error-frame shape.
    if (routesBucket && !routesBucket.take()) {
      return void sendGatewayError(connection, 'Too Many Requests', apiGatewayId());
    }
    const event = messageEvent(gateway, connection.info, routeKey, text);
    // Invoked as frames arrive, without waiting for the previous invocation: AWS does not serialize them.
    call(routeFunction.get(routeKey) as string, event).then(
      // Without a route response configured, API Gateway discards what the handler returns.
      () => undefined,
      () => sendGatewayError(connection, 'Internal server error', event.requestContext.requestId),
    );
  }

  /** `invoke`, with a synchronous throw turned into a rejection (it runs inside socket event handlers). */
  async function call(functionName: string, event: unknown): Promise<unknown> {
    return invoke(functionName, event);
  }

  function sendGatewayError(connection: GatewayConnection, message: string, requestId: string): void {
    connection.send(JSON.stringify({ message, connectionId: connection.id, requestId }));
  }

  function disconnect(connection: GatewayConnection, code: number, reason: string): void {
    connections.delete(connection.id);
    const fn = routeFunction.get('$disconnect');
    if (!fn) return;
    // $disconnect is best effort on AWS too: its failure changes nothing for anybody.
    const pending = call(fn, disconnectEvent(gateway, connection.info, code, reason)).catch(() => undefined);
    pendingDisconnects.add(pending);
    void pending.finally(() => pendingDisconnects.delete(pending));
  }

  return {
    url: `ws://127.0.0.1:${port}/${stage}`,
    callbackUrl: `http://127.0.0.1:${port}/${stage}`,
    connectionCount: () => [...connections.values()].filter((c) => c.isOpen).length,
    setThrottle,
    close() {
      closed ??= shutdown();
      return closed;
    },
  };

  async function shutdown(): Promise<void> {
    closing = true;
    // Connections still inside $connect are refused or abandoned (with $disconnect) once it returns.
    const all = [...connections.values()];
    for (const c of all) c.close(1001, 'Going away');
    const grace = setTimeout(() => {
      for (const c of all) c.terminate();
    }, closeGraceMs);
    await Promise.all(all.map((c) => c.closed));
    clearTimeout(grace);
    // Waits for $disconnect invocations, so start.ts should close this before the functions' backends.
    while (pendingDisconnects.size > 0) await Promise.allSettled([...pendingDisconnects]);
    wss.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

const rejectBodies: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Too Many Requests',
  500: 'Internal server error',
};

/** Refuses the upgrade with a plain HTTP response, as API Gateway does before the socket ever opens. */
function reject(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const message = rejectBodies[status];
  const body = message ? JSON.stringify({ message }) : '';
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
