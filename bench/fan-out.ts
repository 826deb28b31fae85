import type WebSocket from 'ws';
import type { LocalCloud } from '../infra/local/cloud';
import { type LoadOptions, type LoadResult, runLoad } from './load';
import { ratio } from './stats';
import { startWsBaseline } from './ws-baseline';

/**
 * Fan-out in the local cloud against a bare `ws` broadcast server: the same clients, the same load, the
 * ratio of each figure. Both run in this process (and the cloud's functions in its worker threads).
 */
export interface FanOutRow {
  clients: number;
  cloud: LoadResult;
  baseline: LoadResult;
  ratio: { p50: number; p95: number; p99: number; messagesPerSecond: number };
}

export interface FanOutPlan {
  clientCounts: number[];
  senders: number;
  ratePerSender: number;
  durationMs: number;
}

export async function benchFanOut(
  cloud: LocalCloud,
  plan: FanOutPlan,
  warmUpMs: number,
  progress: (line: string) => void,
): Promise<FanOutRow[]> {
  const rows: FanOutRow[] = [];
  // Closing N sockets makes N $disconnects and a burst of presence changes from the stream that would run into
  // the next measurement. The cloud's sockets stay open (idle, in their own room) until it stops.
  const parked: WebSocket[] = [];
  const runId = Date.now().toString(36);
  try {
    progress('fan-out: warming up the local cloud');
    await warmUpCloud(cloud, warmUpMs, parked);
    for (const clients of plan.clientCounts) {
      const load: LoadOptions = {
        clients,
        senders: Math.min(plan.senders, clients),
        ratePerSender: plan.ratePerSender,
        durationMs: plan.durationMs,
        connectBatch: 25,
        quietMs: 1500,
        rampUpMs: 10_000,
        maxSettleMs: 180_000,
        // Long enough that "lost" means lost: at 500 clients the local cloud falls behind by 20-30 s (README).
        drainTimeoutMs: 120_000,
      };
      progress(`fan-out: ${clients} clients: signing in`);
      const tokens = await signInMany(cloud, `b${runId}n${clients}c`, clients);
      const roomId = await createRoom(cloud, tokens[0] as string, `bench ${runId} ${clients}`);
      progress(`fan-out: ${clients} clients: local cloud`);
      const cloudResult = await runLoad(
        {
          label: 'local cloud',
          roomId,
          urlFor: (i) =>
            `${cloud.webSocketUrl}?token=${encodeURIComponent(tokens[i] as string)}&roomId=${roomId}`,
          // The clock starts once the joins are over: their presence changes (the stream), welcomes (the bus)
          // and their invocations are the join storm's figures, not the fan-out's.
          settle: async () => {
            await cloud.presence.idle();
            await cloud.eventBus.idle();
          },
        },
        { ...load, keepOpen: parked },
      );
      progress(`fan-out: ${clients} clients: ws baseline`);
      const baseline = await startWsBaseline();
      let baselineResult: LoadResult;
      try {
        baselineResult = await runLoad(
          { label: 'ws baseline', roomId, urlFor: (i) => `${baseline.url}?token=u${i}` },
          { ...load, quietMs: 200 },
        );
      } finally {
        await baseline.close();
      }
      rows.push({
        clients,
        cloud: cloudResult,
        baseline: baselineResult,
        ratio: {
          p50: ratio(cloudResult.latencyMs.p50, baselineResult.latencyMs.p50),
          p95: ratio(cloudResult.latencyMs.p95, baselineResult.latencyMs.p95),
          p99: ratio(cloudResult.latencyMs.p99, baselineResult.latencyMs.p99),
          messagesPerSecond: ratio(cloudResult.messagesPerSecond, baselineResult.messagesPerSecond),
        },
      });
    }
  } finally {
    for (const socket of parked) socket.terminate();
  }
  return rows;
}

/**
 * A short load in a room of its own, thrown away: DynamoDB Local is a JVM, and its first few hundred requests
 * run interpreted (the first run measured p50 ≈ 0.5 s before this, ≈ 35 ms after).
 */
export async function warmUpCloud(
  cloud: LocalCloud,
  durationMs: number,
  keepOpen: WebSocket[],
): Promise<void> {
  const tokens = await signInMany(cloud, `w${Date.now().toString(36)}c`, 5);
  const roomId = await createRoom(cloud, tokens[0] as string, `warm-up ${Date.now().toString(36)}`);
  await runLoad(
    {
      label: 'warm-up',
      roomId,
      urlFor: (i) =>
        `${cloud.webSocketUrl}?token=${encodeURIComponent(tokens[i] as string)}&roomId=${roomId}`,
      settle: () => cloud.eventBus.idle(),
    },
    {
      clients: 5,
      senders: 5,
      ratePerSender: 0.8,
      durationMs,
      connectBatch: 5,
      quietMs: 300,
      maxSettleMs: 30_000,
      drainTimeoutMs: 10_000,
      keepOpen,
    },
  );
}

/** Guest sign-in is stateless (an HMAC token), so N sign-ins are N cheap calls; 25 at a time. */
export async function signInMany(cloud: LocalCloud, prefix: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let first = 0; first < count; first += 25) {
    const batch = Array.from({ length: Math.min(25, count - first) }, (_, k) => `${prefix}${first + k}`);
    tokens.push(...(await Promise.all(batch.map((name) => signIn(cloud, name)))));
  }
  return tokens;
}

async function signIn(cloud: LocalCloud, name: string): Promise<string> {
  const body = await postJson<{ token: string }>(cloud, '/sessions', { name });
  return body.token;
}

export async function createRoom(cloud: LocalCloud, token: string, name: string): Promise<string> {
  const body = await postJson<{ room: { roomId: string } }>(cloud, '/rooms', { name }, token);
  return body.room.roomId;
}

async function postJson<T>(cloud: LocalCloud, path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${cloud.httpApiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
