import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import type { LocalCloud } from '../infra/local/cloud';
import { functionByName, functions } from '../infra/spec';
import { type CountingProxy, diffStats, type OperationStats } from './counting-proxy';
import { createRoom, signInMany, warmUpCloud } from './fan-out';
import { runLoad, sleep } from './load';
import { prices } from './prices';
import { awsTarget, startProxiedCloud } from './proxied-cloud';
import { median, round } from './stats';

/**
 * What one posted message costs, counted where the calls arrive: a counting proxy on 127.0.0.1 in front of
 * DynamoDB Local, the event bus and the @connections endpoint (the functions are pointed at it through
 * their endpoint env vars; nothing in lambdas/ changes), and Lambda invocations from the runner's counter.
 * Counts are taken over a window of messages sent on the WebSocket route, after the joins have settled.
 */
export interface CostRow {
  listeners: number;
  messages: number;
  /** Per posted message. */
  perMessage: {
    lambdaInvocations: Record<string, number>;
    dynamodb: Record<string, { requests: number; capacityUnits: number; avgMs: number }>;
    dynamodbWriteUnits: number;
    dynamodbReadUnits: number;
    tableWrites: number;
    postToConnection: number;
    putEvents: number;
    /** API Gateway WebSocket messages billed: the client's frame in plus every @connections post out. */
    webSocketMessages: number;
    /** Median duration of the sending function here (DynamoDB Local is slower than DynamoDB: an upper bound). */
    lambdaDurationMs: number;
  };
  /** US dollars per million posted messages, by service (list prices of bench/prices.ts). */
  usdPerMillion: Record<string, number>;
}

export interface CostResult {
  rows: CostRow[];
  /** Over the whole run (sign-ins, joins and messages): a Scan anywhere is a design bug. */
  scansSeen: number;
  method: string;
}

const readOps = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const writeOps = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** A local cloud whose functions reach DynamoDB, the bus and @connections through counting proxies. */
export interface CountedCloud {
  cloud: LocalCloud;
  dynamodb: CountingProxy;
  bus: CountingProxy;
  sockets: CountingProxy;
  /** Durations of WsSendMessage invocations, in ms (cleared by the caller). */
  durations: number[];
  stop(): Promise<void>;
}

export async function startCountedCloud(): Promise<CountedCloud> {
  const proxied = await startProxiedCloud({
    dynamodb: { classify: awsTarget, consumedCapacity: true },
    bus: { classify: awsTarget },
    sockets: {
      classify: (req) =>
        ({ POST: 'PostToConnection', GET: 'GetConnection', DELETE: 'DeleteConnection' })[req.method ?? ''] ??
        'other',
    },
  });
  const { cloud } = proxied;
  // The servers call `runner.invoke` through the runner object, so wrapping it here times every invocation
  // (handler plus the worker hop) without touching infra/.
  const durations: number[] = [];
  const invoke = cloud.runner.invoke;
  cloud.runner.invoke = async (name, event) => {
    const started = performance.now();
    try {
      return await invoke(name, event);
    } finally {
      if (name === 'WsSendMessage') durations.push(performance.now() - started);
    }
  };
  return { ...proxied, durations };
}

/** Measures on `counted` and stops it. */
export async function benchCost(
  counted: CountedCloud,
  listenerCounts: number[],
  warmUpMs: number,
  progress: (line: string) => void,
): Promise<CostResult> {
  const { cloud, dynamodb, bus, sockets, durations } = counted;
  const parked: WebSocket[] = [];
  try {
    const rows: CostRow[] = [];
    {
      const runId = Date.now().toString(36);
      if (warmUpMs > 0) await warmUpCloud(cloud, warmUpMs, parked);
      for (const listeners of listenerCounts) {
        progress(`cost: ${listeners} listeners`);
        const tokens = await signInMany(cloud, `k${runId}n${listeners}c`, listeners);
        const roomId = await createRoom(cloud, tokens[0] as string, `cost ${runId} ${listeners}`);
        let before: Record<string, Record<string, OperationStats>> = {};
        let invocationsBefore: Record<string, number> = {};
        const single = listeners === 1;
        const result = await runLoad(
          {
            label: 'local cloud',
            roomId,
            urlFor: (i) =>
              `${cloud.webSocketUrl}?token=${encodeURIComponent(tokens[i] as string)}&roomId=${roomId}`,
            // The joins' presence (the stream's batches) writes member items: done before counting starts.
            settle: async () => {
              await cloud.presence.idle();
              await cloud.eventBus.idle();
            },
          },
          {
            clients: listeners,
            senders: Math.min(10, listeners),
            // One listener is also the only sender: 5 messages within its burst; otherwise 1 from each of 10.
            ratePerSender: single ? 2 : 0.8,
            durationMs: single ? 2500 : 1250,
            connectBatch: 25,
            quietMs: 1000,
            maxSettleMs: 120_000,
            drainTimeoutMs: 30_000,
            keepOpen: parked,
            beforeSend: () => {
              before = { dynamodb: dynamodb.snapshot(), bus: bus.snapshot(), sockets: sockets.snapshot() };
              invocationsBefore = invocationCounts(cloud.runner);
              durations.length = 0;
            },
            afterDrain: async () => {
              await cloud.eventBus.idle();
              await sleep(500);
            },
          },
        );
        if (result.lost > 0 || result.acked !== result.sent) {
          // Counts over a window that did not finish are not a message's cost: say so, and keep the other rows.
          progress(
            `cost: ${listeners} listeners: ${result.acked}/${result.sent} acked, ${result.lost} lost: no row`,
          );
          continue;
        }
        const ddb = diffStats(dynamodb.snapshot(), before.dynamodb ?? {});
        const events = diffStats(bus.snapshot(), before.bus ?? {});
        const posts = diffStats(sockets.snapshot(), before.sockets ?? {});
        const invocations = invocationCounts(cloud.runner);
        rows.push(
          costRow(
            listeners,
            result.acked,
            ddb,
            events,
            posts,
            invocations,
            invocationsBefore,
            median(durations),
          ),
        );
      }
      const scans = dynamodb.snapshot().Scan?.count ?? 0;
      return {
        rows,
        scansSeen: scans,
        method:
          'Counted server-side: a counting HTTP proxy on 127.0.0.1 in front of DynamoDB Local (X-Amz-Target; it adds ReturnConsumedCapacity=TOTAL to read the units DynamoDB Local reports), the event bus (X-Amz-Target) and the @connections endpoint (HTTP method), wired in through AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_EVENTBRIDGE and WEBSOCKET_CALLBACK_URL; Lambda invocations from runner.invocations().',
      };
    }
  } finally {
    for (const socket of parked) socket.terminate();
    await counted.stop();
  }
}

function invocationCounts(runner: { invocations(name: string): number }): Record<string, number> {
  return Object.fromEntries(functions.map((fn) => [fn.name, runner.invocations(fn.name)]));
}

function costRow(
  listeners: number,
  messages: number,
  ddb: Record<string, OperationStats>,
  events: Record<string, OperationStats>,
  posts: Record<string, OperationStats>,
  invocations: Record<string, number>,
  invocationsBefore: Record<string, number>,
  durationMs: number,
): CostRow {
  const per = (n: number) => round(n / messages, 2);
  const lambdaInvocations: Record<string, number> = {};
  for (const [name, count] of Object.entries(invocations)) {
    const delta = count - (invocationsBefore[name] ?? 0);
    if (delta > 0) lambdaInvocations[name] = per(delta);
  }
  const dynamodb: CostRow['perMessage']['dynamodb'] = {};
  let readUnits = 0;
  let writeUnits = 0;
  let tableWrites = 0;
  for (const [op, s] of Object.entries(ddb)) {
    dynamodb[op] = {
      requests: per(s.count),
      capacityUnits: per(s.capacityUnits),
      avgMs: round(s.totalMs / s.count, 1),
    };
    if (readOps.has(op)) readUnits += s.capacityUnits;
    if (writeOps.has(op)) {
      writeUnits += s.capacityUnits;
      tableWrites += s.count;
    }
  }
  const postToConnection = per(posts.PostToConnection?.count ?? 0);
  const putEvents = per(events.PutEvents?.count ?? 0);
  const webSocketMessages = round(1 + postToConnection, 2);
  const invocationsPerMessage = Object.values(lambdaInvocations).reduce((a, b) => a + b, 0);
  // Every function here but the bot has 256 MB; the bot is not invoked by these messages (no "pyro" in them).
  const gb = functionByName('WsSendMessage').memoryMb / 1024;
  const usd = {
    lambda:
      invocationsPerMessage * prices.lambda.perRequest +
      invocationsPerMessage * gb * (durationMs / 1000) * prices.lambda.perGbSecondArm64,
    apiGatewayWebSocket: webSocketMessages * prices.apiGatewayWebSocket.perMessage,
    dynamodb:
      (writeUnits / messages) * prices.dynamoDbOnDemand.perWriteRequestUnit +
      (readUnits / messages) * prices.dynamoDbOnDemand.perReadRequestUnit,
    eventBridge: putEvents * prices.eventBridge.perCustomEvent,
  };
  const usdPerMillion: Record<string, number> = {};
  for (const [service, dollars] of Object.entries(usd)) usdPerMillion[service] = round(dollars * 1e6, 2);
  usdPerMillion.total = round(Object.values(usd).reduce((a, b) => a + b, 0) * 1e6, 2);
  return {
    listeners,
    messages,
    perMessage: {
      lambdaInvocations,
      dynamodb,
      dynamodbWriteUnits: per(writeUnits),
      dynamodbReadUnits: per(readUnits),
      tableWrites: per(tableWrites),
      postToConnection,
      putEvents,
      webSocketMessages,
      lambdaDurationMs: round(durationMs, 1),
    },
    usdPerMillion,
  };
}
