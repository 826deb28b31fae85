import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export interface FakeServer {
  url: string;
  /** Every request the server received: path and query. */
  requests: URL[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 with an OS-assigned port; `route` decides each answer (or never answers). */
export async function startFakeServer(route: Route): Promise<FakeServer> {
  const requests: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    route(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging responses keep their sockets open; drop them so close() returns.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A URL on which nothing listens: a server is started, its port noted, and the server closed. */
export async function refusedUrl(): Promise<string> {
  const server = await startFakeServer(() => undefined);
  await server.close();
  return server.url;
}
