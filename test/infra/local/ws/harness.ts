/** Test harness for the local WebSocket gateway: a recording fake `invoke`, real `ws` clients, cleanup. */
import { WebSocket } from 'ws';
import {
  startWebSocketGateway,
  type WebSocketGateway,
  type WebSocketGatewayOptions,
} from '../../../../infra/local/websocket-gateway';
import type { WebSocketRouteSpec } from '../../../../infra/spec';

// biome-ignore lint/suspicious/noExplicitAny: events are inspected structurally in assertions
export type AnyEvent = any;
export type FakeHandler = (event: AnyEvent) => unknown;

export const routes: readonly WebSocketRouteSpec[] = [
  { routeKey: '$connect', function: 'Connect' },
  { routeKey: '$disconnect', function: 'Disconnect' },
  { routeKey: '$default', function: 'Default' },
  { routeKey: 'sendMessage', function: 'SendMessage' },
  { routeKey: 'ping', function: 'Ping' },
];

/** A fake Lambda runner: records every invocation; functions without a handler answer `{statusCode: 200}`. */
export function fakeInvoke(handlers: Record<string, FakeHandler> = {}) {
  const calls: { fn: string; event: AnyEvent }[] = [];
  return {
    calls,
    handlers,
    invoke: async (fn: string, event: unknown) => {
      calls.push({ fn, event });
      const handler = handlers[fn];
      return handler ? handler(event) : { statusCode: 200 };
    },
    eventsOf: (fn: string) => calls.filter((c) => c.fn === fn).map((c) => c.event),
  };
}

/** Starts gateways and clients and closes them all in `cleanup()` (call it from afterEach). */
export function harness() {
  const gateways: WebSocketGateway[] = [];
  const clients: WebSocket[] = [];

  async function start(options: Partial<WebSocketGatewayOptions> & Pick<WebSocketGatewayOptions, 'invoke'>) {
    const gateway = await startWebSocketGateway({ routes, stage: 'live', ...options });
    gateways.push(gateway);
    return gateway;
  }

  /**
   * Connects, asking for `protocols` as subprotocols if given; resolves with the open socket or with the HTTP
   * status that refused the handshake, and rejects when the client itself fails the handshake.
   */
  function connect(
    url: string,
    headers: Record<string, string> = {},
    protocols: string[] = [],
  ): Promise<WebSocket | number> {
    const ws = new WebSocket(url, protocols, { headers });
    clients.push(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
      ws.once('error', reject);
    });
  }

  async function open(
    url: string,
    headers: Record<string, string> = {},
    protocols: string[] = [],
  ): Promise<WebSocket> {
    const result = await connect(url, headers, protocols);
    if (typeof result === 'number') throw new Error(`handshake refused with ${result}`);
    return result;
  }

  async function cleanup() {
    for (const ws of clients.splice(0)) ws.terminate();
    await Promise.all(gateways.splice(0).map((g) => g.close()));
  }

  return { start, connect, open, cleanup, clients: () => [...clients] };
}

export function nextMessage(ws: WebSocket): Promise<string> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(String(data))));
}

export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
}

/** Polls until `check` returns a truthy value; gives up after 10 s so a failing test fails clearly. */
export async function waitFor<T>(check: () => T | undefined | false, what = 'condition'): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
