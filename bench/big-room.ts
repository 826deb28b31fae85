import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { LocalCloud } from '../infra/local/cloud';
import { createRoom, signInMany } from './fan-out';
import { median, round } from './stats';
import { startWsBaseline } from './ws-baseline';

/**
 * Big rooms (issue 14): one message in a room of N sockets, timed from the send to its receipt by the last
 * socket, in the local cloud and on a bare `ws` broadcast to the same number of sockets; and a join storm, N
 * sockets connecting at once, timed until every socket's presence says the room holds N (presence from the
 * table's stream, batched per second), with the presence frames each socket received.
 */
export interface SpreadMs {
  min: number;
  median: number;
  max: number;
}

export interface RoomSizeRow {
  sockets: number;
  /** Send → receipt by the last socket, over `repeats` messages. */
  cloud: SpreadMs;
  baseline: SpreadMs;
  /** Messages some socket never received (must be 0) and receipts of one message twice by one socket. */
  lost: number;
  duplicates: number;
  connectMs: number;
}

export interface JoinStormResult {
  sockets: number;
  /** From the first connect to every socket's presence showing the whole room. */
  settleMs: number;
  /** Every socket open (handshakes done), for comparison with the baseline's. */
  connectMs: number;
  baselineConnectMs: number;
  /** Sockets whose presence never showed the whole room within the wait (must be 0). */
  unsettled: number;
  refused: number;
  largestPresenceFrameBytes: number;
  /** Presence frames per socket during the storm (snapshot + presenceChange), most and median. */
  presenceFramesPerSocket: { max: number; median: number };
  /** The most presence frames one socket received within any one second. */
  maxPresenceFramesPerSecond: number;
}

interface Client {
  socket: WebSocket;
  /** Message id (or client message id) → receipt time. */
  receipts: Map<string, number>;
  duplicates: number;
  count: number;
  presenceAt: number[];
  largestPresence: number;
}

function connect(url: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const client: Client = {
      socket,
      receipts: new Map(),
      duplicates: 0,
      count: 0,
      presenceAt: [],
      largestPresence: 0,
    };
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('connect timed out after 60 s'));
    }, 60_000);
    socket.on('message', (data) => {
      const now = performance.now();
      const raw = String(data);
      let frame: { type?: string; message?: { text?: string }; count?: number };
      try {
        frame = JSON.parse(raw);
      } catch {
        return;
      }
      if (frame.type === 'message' && frame.message?.text?.startsWith('big ')) {
        const key = frame.message.text;
        if (client.receipts.has(key)) client.duplicates++;
        else client.receipts.set(key, now);
      } else if (frame.type === 'presence' || frame.type === 'presenceChange') {
        client.presenceAt.push(now);
        client.largestPresence = Math.max(client.largestPresence, Buffer.byteLength(raw));
        if (typeof frame.count === 'number') client.count = frame.count;
      }
    });
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(client);
    });
    socket.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`handshake refused: ${res.statusCode}`));
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function connectAll(urls: string[], batch: number): Promise<{ clients: Client[]; refused: number }> {
  const clients: Client[] = [];
  let refused = 0;
  for (let first = 0; first < urls.length; first += batch) {
    const opened = await Promise.all(
      urls.slice(first, first + batch).map(async (url) => {
        for (let attempt = 0; attempt < 5; attempt++) {
          try {
            return await connect(url);
          } catch {
            refused++;
            await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
          }
        }
        throw new Error(`could not connect ${url}`);
      }),
    );
    clients.push(...opened);
  }
  return { clients, refused };
}

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/** Sends `repeats` messages from client 0, one at a time, each timed to its receipt by the last client. */
async function timeMessages(clients: Client[], roomId: string, repeats: number, tag: string) {
  const times: number[] = [];
  let lost = 0;
  const sender = clients[0];
  if (!sender) return { times, lost };
  for (let i = 0; i < repeats; i++) {
    const text = `big ${tag} ${i}`;
    const sentAt = performance.now();
    sender.socket.send(
      JSON.stringify({ action: 'sendMessage', roomId, text, clientMessageId: `${tag}-${i}` }),
    );
    const all = await until(() => clients.every((c) => c.receipts.has(text)), 30_000);
    if (!all) lost += clients.filter((c) => !c.receipts.has(text)).length;
    const last = Math.max(...clients.map((c) => c.receipts.get(text) ?? Number.NaN));
    if (all) times.push(last - sentAt);
    // One message a second: the sender's rate limit (a burst of 5, then 1/s).
    await new Promise((r) => setTimeout(r, 1100));
  }
  return { times, lost };
}

const spread = (samples: number[]): SpreadMs =>
  samples.length === 0
    ? { min: Number.NaN, median: Number.NaN, max: Number.NaN }
    : {
        min: round(Math.min(...samples), 1),
        median: round(median(samples), 1),
        max: round(Math.max(...samples), 1),
      };

export async function benchRoomSizes(
  cloud: LocalCloud,
  sizes: readonly number[],
  repeats: number,
  progress: (line: string) => void,
): Promise<RoomSizeRow[]> {
  const rows: RoomSizeRow[] = [];
  const runId = Date.now().toString(36);
  for (const sockets of sizes) {
    progress(`large room: ${sockets} sockets: signing in`);
    const tokens = await signInMany(cloud, `r${runId}n${sockets}c`, sockets);
    const roomId = await createRoom(cloud, tokens[0] as string, `big ${runId} ${sockets}`);
    progress(`large room: ${sockets} sockets: connecting`);
    const started = performance.now();
    const urls = tokens.map((t) => `${cloud.webSocketUrl}?token=${encodeURIComponent(t)}&roomId=${roomId}`);
    const { clients } = await connectAll(urls, 50);
    const connectMs = performance.now() - started;
    await cloud.presence.idle();
    await cloud.eventBus.idle();
    progress(`large room: ${sockets} sockets: ${repeats} messages`);
    // One message first, untimed: a cold FanOut sandbox is not what this measures.
    await timeMessages(clients, roomId, 1, 'warm');
    const cloudRun = await timeMessages(clients, roomId, repeats, 'cloud');
    const duplicates = clients.reduce((n, c) => n + c.duplicates, 0);
    for (const c of clients) c.socket.terminate();

    const baseline = await startWsBaseline();
    let baselineTimes: number[] = [];
    try {
      const { clients: plain } = await connectAll(
        Array.from({ length: sockets }, (_, i) => `${baseline.url}?token=u${i}`),
        200,
      );
      baselineTimes = (await timeMessages(plain, roomId, repeats, 'ws')).times;
      for (const c of plain) c.socket.terminate();
    } finally {
      await baseline.close();
    }
    rows.push({
      sockets,
      cloud: spread(cloudRun.times),
      baseline: spread(baselineTimes),
      lost: cloudRun.lost,
      duplicates,
      connectMs: round(connectMs, 0),
    });
  }
  return rows;
}

export async function benchJoinStorm(
  cloud: LocalCloud,
  sockets: number,
  progress: (line: string) => void,
): Promise<JoinStormResult> {
  const runId = Date.now().toString(36);
  progress(`join storm: ${sockets} sockets: signing in`);
  const tokens = await signInMany(cloud, `s${runId}c`, sockets);
  const roomId = await createRoom(cloud, tokens[0] as string, `storm ${runId}`);
  progress(`join storm: ${sockets} sockets at once`);
  const started = performance.now();
  const urls = tokens.map((t) => `${cloud.webSocketUrl}?token=${encodeURIComponent(t)}&roomId=${roomId}`);
  const { clients, refused } = await connectAll(urls, sockets);
  const connectMs = performance.now() - started;
  await until(() => clients.every((c) => c.count >= sockets), 120_000);
  const settledAt = performance.now();
  const unsettled = clients.filter((c) => c.count < sockets).length;
  const perSocket = clients.map((c) => c.presenceAt.length);
  let maxPerSecond = 0;
  for (const c of clients) {
    for (let i = 0; i < c.presenceAt.length; i++) {
      const windowEnd = (c.presenceAt[i] as number) + 1000;
      let n = 0;
      for (let j = i; j < c.presenceAt.length && (c.presenceAt[j] as number) < windowEnd; j++) n++;
      maxPerSecond = Math.max(maxPerSecond, n);
    }
  }
  for (const c of clients) c.socket.terminate();

  const baseline = await startWsBaseline();
  let baselineConnectMs = Number.NaN;
  try {
    const t0 = performance.now();
    const { clients: plain } = await connectAll(
      Array.from({ length: sockets }, (_, i) => `${baseline.url}?token=u${i}`),
      sockets,
    );
    baselineConnectMs = performance.now() - t0;
    for (const c of plain) c.socket.terminate();
  } finally {
    await baseline.close();
  }
  return {
    sockets,
    settleMs: round(settledAt - started, 0),
    connectMs: round(connectMs, 0),
    baselineConnectMs: round(baselineConnectMs, 0),
    unsettled,
    refused,
    largestPresenceFrameBytes: Math.max(0, ...clients.map((c) => c.largestPresence)),
    presenceFramesPerSocket: { max: Math.max(0, ...perSocket), median: median(perSocket) },
    maxPresenceFramesPerSecond: maxPerSecond,
  };
}
