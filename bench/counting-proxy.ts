import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A counting HTTP proxy on 127.0.0.1, put between the functions and one service of the local cloud by
 * pointing the functions' endpoint env var at it. It classifies each request (AWS JSON protocols name the
 * operation in `X-Amz-Target`; @connections by method), counts it, times the round trip, and forwards it
 * unchanged — headers included, so SigV4 signatures still verify.
 *
 * `consumedCapacity`: for DynamoDB, the proxy adds `"ReturnConsumedCapacity":"TOTAL"` to the request and reads
 * the `ConsumedCapacity` of the answer, so read/write units are the service's own figures, not a guess.
 * (DynamoDB Local does not check the signature over the body; the real service would.)
 */
export interface OperationStats {
  count: number;
  totalMs: number;
  /** DynamoDB only: the units the answers reported (read or write units, as the operation is). */
  capacityUnits: number;
}

export interface CountingProxy {
  url: string;
  /** Where to forward; set after the service has started (its port is not known before). */
  setTarget(url: string): void;
  snapshot(): Record<string, OperationStats>;
  close(): Promise<void>;
}

export async function startCountingProxy(options: {
  classify: (req: IncomingMessage) => string;
  consumedCapacity?: boolean;
  /** Added before each request is forwarded (the AWS-like latency of `--aws-latency`, bench/aws-latency.ts). */
  latencyMs?: (operation: string) => number;
}): Promise<CountingProxy> {
  let target: URL | undefined;
  const stats = new Map<string, OperationStats>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    const operation = options.classify(req);
    const askCapacity = options.consumedCapacity && body.length > 0;
    if (askCapacity) {
      const input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      // BatchGet/BatchWrite/Transact* take the same parameter; every read and write operation has it.
      body = Buffer.from(JSON.stringify({ ...input, ReturnConsumedCapacity: 'TOTAL' }));
    }
    if (!target) throw new Error('counting proxy: no target yet');
    const started = performance.now();
    const delay = options.latencyMs?.(operation) ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const headers = { ...req.headers, 'content-length': String(body.length) };
    const upstream = request(target, { method: req.method, path: req.url, headers });
    upstream.on('response', async (answer) => {
      const out: Buffer[] = [];
      for await (const chunk of answer) out.push(chunk as Buffer);
      const payload = Buffer.concat(out);
      const entry = stats.get(operation) ?? { count: 0, totalMs: 0, capacityUnits: 0 };
      entry.count++;
      entry.totalMs += performance.now() - started;
      if (askCapacity && (answer.statusCode ?? 500) < 300) addCapacity(entry, payload);
      stats.set(operation, entry);
      res.writeHead(answer.statusCode ?? 502, {
        ...answer.headers,
        'content-length': String(payload.length),
      });
      res.end(payload);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget: (url) => {
      target = new URL(url);
    },
    snapshot: () => Object.fromEntries([...stats].map(([k, v]) => [k, { ...v }])),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `ConsumedCapacity` is one object, or a list of them for batch and transactional operations. */
function addCapacity(entry: OperationStats, payload: Buffer): void {
  let answer: { ConsumedCapacity?: unknown };
  try {
    answer = JSON.parse(payload.toString('utf8'));
  } catch {
    return;
  }
  const list = Array.isArray(answer.ConsumedCapacity) ? answer.ConsumedCapacity : [answer.ConsumedCapacity];
  for (const c of list as Array<{ CapacityUnits?: number } | undefined>)
    entry.capacityUnits += c?.CapacityUnits ?? 0;
}

/** Difference of two snapshots: what happened in between. */
export function diffStats(
  after: Record<string, OperationStats>,
  before: Record<string, OperationStats>,
): Record<string, OperationStats> {
  const out: Record<string, OperationStats> = {};
  for (const [op, a] of Object.entries(after)) {
    const b = before[op] ?? { count: 0, totalMs: 0, capacityUnits: 0 };
    if (a.count === b.count) continue;
    out[op] = {
      count: a.count - b.count,
      totalMs: a.totalMs - b.totalMs,
      capacityUnits: a.capacityUnits - b.capacityUnits,
    };
  }
  return out;
}
