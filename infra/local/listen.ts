import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningService } from './types';

/** Starts `server` on 127.0.0.1 (port 0 = any free port) and returns its URL and an idempotent close. */
export async function listen(server: Server, port = 0): Promise<RunningService> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actual } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${actual}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets (fetch, the SDK) would hold close() open until they time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Reads a request body; stops collecting (but keeps draining) past `limit` bytes and reports the overflow. */
export function readBody(
  req: NodeJS.ReadableStream,
  limit = Number.POSITIVE_INFINITY,
): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}
