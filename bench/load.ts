import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { type LatencySummary, round, summarize } from './stats';

/**
 * The load driver shared by the local cloud and the bare `ws` baseline: N sockets in one room, a few of them
 * sending at a steady rate, every socket timing every message it receives. Each text carries its client
 * message id and the send time (`performance.now()`, same process), so latency is measured at receipt
 * without clock skew. Every loop here is bounded in count and in time.
 */
export interface LoadTarget {
  label: string;
  roomId: string;
  /** The WebSocket URL client `index` connects to (with its token). */
  urlFor(index: number): string;
  /** Resolves when the target has finished the work the joins started (for the cloud: the bot's welcomes). */
  settle?: () => Promise<void>;
}

export interface LoadOptions {
  clients: number;
  /** Clients 0…senders-1 send; each is a different person, so each has its own rate limit. */
  senders: number;
  /** Messages per second per sender (Chatty allows a burst of 5, then 1/s per name). */
  ratePerSender: number;
  durationMs: number;
  /** Sockets opened at once: a thundering herd of $connects would measure the herd, not the fan-out. */
  connectBatch: number;
  /** Before sending: wait until no frame arrived for this long (presence and welcome traffic of the joins). */
  quietMs: number;
  /** Untimed sending at the load's rate before the clock starts (default: one message from each sender). */
  rampUpMs?: number;
  maxSettleMs: number;
  drainTimeoutMs: number;
  /** Called just before the first measured send (e.g. to snapshot counters). */
  beforeSend?: () => void;
  /** Awaited after the last receipt, before the result is made (e.g. to let the bus finish its deliveries). */
  afterDrain?: () => Promise<void>;
  /** Leave the sockets open and hand them over here instead (see fan-out.ts: closing is not free). */
  keepOpen?: WebSocket[];
}

export interface LoadResult {
  target: string;
  clients: number;
  sent: number;
  acked: number;
  /** Sends answered with an error frame, by code (e.g. rate_limited); not counted as lost. */
  errors: Record<string, number>;
  /** Sends with neither ack nor error by the end of the drain. */
  unanswered: number;
  expectedReceipts: number;
  receipts: number;
  /** Receipts of acknowledged messages that never arrived: expected − actual (must be 0). */
  lost: number;
  duplicates: number;
  latencyMs: LatencySummary;
  ackLatencyMs: LatencySummary;
  /** Acknowledged messages per second of the send window. */
  messagesPerSecond: number;
  /** Frames delivered to clients per second, from first send to last receipt. */
  deliveriesPerSecond: number;
  connectMs: number;
  /** Handshakes refused (then retried), by reason. */
  connectRefusals: Record<string, number>;
  settleMs: number;
}

const PREFIX = 'bench ';

export async function runLoad(target: LoadTarget, o: LoadOptions): Promise<LoadResult> {
  const receipts = new Map<string, number>();
  const sentAt = new Map<string, number>();
  const acked = new Set<string>();
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const ackLatencies: number[] = [];
  let duplicates = 0;
  let lastFrameAt = performance.now();
  let lastReceiptAt = 0;
  const seenBy = Array.from({ length: o.clients }, () => new Set<string>());

  const onFrame = (index: number, raw: string) => {
    const now = performance.now();
    lastFrameAt = now;
    const frame = JSON.parse(raw) as {
      type: string;
      code?: string;
      clientMessageId?: string;
      message?: { text?: string };
    };
    if (frame.type === 'message' && frame.message?.text?.startsWith(PREFIX)) {
      const [cmid, sent] = frame.message.text.slice(PREFIX.length).split(' ');
      if (!cmid || !sent) return;
      const seen = seenBy[index] as Set<string>;
      if (seen.has(cmid)) {
        duplicates++;
        return;
      }
      seen.add(cmid);
      receipts.set(cmid, (receipts.get(cmid) ?? 0) + 1);
      latencies.push(now - Number(sent));
      lastReceiptAt = now;
    } else if (frame.type === 'ack' && frame.clientMessageId && sentAt.has(frame.clientMessageId)) {
      acked.add(frame.clientMessageId);
      ackLatencies.push(now - (sentAt.get(frame.clientMessageId) as number));
    } else if (frame.type === 'error' && frame.clientMessageId && sentAt.has(frame.clientMessageId)) {
      errors[frame.code ?? 'unknown'] = (errors[frame.code ?? 'unknown'] ?? 0) + 1;
    }
  };

  const sockets: WebSocket[] = [];
  const refusals: Record<string, number> = {};
  const connectStart = performance.now();
  try {
    for (let first = 0; first < o.clients; first += o.connectBatch) {
      const batch = Array.from({ length: Math.min(o.connectBatch, o.clients - first) }, (_, k) => first + k);
      sockets.push(
        ...(await Promise.all(
          batch.map((i) => openWithRetry(target.urlFor(i), (raw) => onFrame(i, raw), refusals)),
        )),
      );
    }
    const connectMs = performance.now() - connectStart;

    // The joins' own work first (presence changes, welcomes): it belongs to the join storm's figures.
    const settleStart = performance.now();
    await target.settle?.();
    await waitUntil(() => performance.now() - lastFrameAt >= o.quietMs, o.maxSettleMs);
    // Then a ramp-up at the load's own rate before the clock starts (at least one message from each sender, acks
    // awaited): the sandboxes this load needs have started and warmed up by then. Measured, the first ~10 s of a
    // load on new sandboxes ran 2-6 times slower than the rest; cold starts have a benchmark of their own.
    const warmUps: string[] = [];
    const rampEnd = performance.now() + (o.rampUpMs ?? 0);
    for (let k = 0; k === 0 || performance.now() < rampEnd; k++) {
      for (let s = 0; s < o.senders; s++) {
        const warmUp = `warmup${s}x${k}`;
        warmUps.push(warmUp);
        sentAt.set(warmUp, performance.now());
        sockets[s]?.send(
          JSON.stringify({
            action: 'sendMessage',
            roomId: target.roomId,
            text: 'warm-up',
            clientMessageId: warmUp,
          }),
        );
        await sleep(1000 / o.ratePerSender / o.senders);
      }
    }
    await waitUntil(() => warmUps.every((w) => acked.has(w)) || Object.keys(errors).length > 0, 30_000);
    for (const warmUp of warmUps) {
      sentAt.delete(warmUp);
      acked.delete(warmUp);
    }
    ackLatencies.length = 0;
    for (const code of Object.keys(errors)) delete errors[code];
    await target.settle?.();
    await waitUntil(() => performance.now() - lastFrameAt >= o.quietMs, o.maxSettleMs);
    const settleMs = performance.now() - settleStart;

    // Sender s sends at start + s·(interval/senders) + k·interval: an even stream, no bursts.
    const intervalMs = 1000 / o.ratePerSender;
    const perSender = Math.max(1, Math.floor(o.durationMs / intervalMs));
    const schedule: Array<{ at: number; sender: number; k: number }> = [];
    for (let s = 0; s < o.senders; s++) {
      for (let k = 0; k < perSender; k++)
        schedule.push({ at: (s * intervalMs) / o.senders + k * intervalMs, sender: s, k });
    }
    schedule.sort((a, b) => a.at - b.at);
    o.beforeSend?.();
    const sendStart = performance.now();
    for (const { at, sender, k } of schedule) {
      const wait = sendStart + at - performance.now();
      if (wait > 0) await sleep(wait);
      const cmid = `c${sender}x${k}`;
      const t = performance.now();
      sentAt.set(cmid, t);
      sockets[sender]?.send(
        JSON.stringify({
          action: 'sendMessage',
          roomId: target.roomId,
          text: `${PREFIX}${cmid} ${t.toFixed(3)}`,
          clientMessageId: cmid,
        }),
      );
    }
    const sendEnd = performance.now();

    const answered = () => acked.size + Object.values(errors).reduce((a, b) => a + b, 0);
    const allIn = () =>
      answered() >= sentAt.size && [...acked].every((cmid) => (receipts.get(cmid) ?? 0) >= o.clients);
    await waitUntil(allIn, o.drainTimeoutMs);
    await o.afterDrain?.();

    let expected = 0;
    let received = 0;
    for (const cmid of acked) {
      expected += o.clients;
      received += Math.min(o.clients, receipts.get(cmid) ?? 0);
    }
    const totalReceipts = [...receipts.values()].reduce((a, b) => a + b, 0);
    return {
      target: target.label,
      clients: o.clients,
      sent: sentAt.size,
      acked: acked.size,
      errors,
      unanswered: sentAt.size - answered(),
      expectedReceipts: expected,
      receipts: received,
      lost: expected - received,
      duplicates,
      latencyMs: summarize(latencies),
      ackLatencyMs: summarize(ackLatencies),
      messagesPerSecond: round(acked.size / ((sendEnd - sendStart) / 1000), 2),
      deliveriesPerSecond: round(totalReceipts / ((Math.max(lastReceiptAt, sendEnd) - sendStart) / 1000), 0),
      connectMs: round(connectMs, 0),
      connectRefusals: refusals,
      settleMs: round(settleMs, 0),
    };
  } finally {
    if (o.keepOpen) o.keepOpen.push(...sockets);
    else for (const socket of sockets) socket.terminate();
  }
}

/**
 * A refused handshake (e.g. a 500 when `$connect` overran its timeout) is retried as the page would, up to
 * 3 attempts, 1 s apart; each refusal is counted and reported.
 */
async function openWithRetry(
  url: string,
  onMessage: (raw: string) => void,
  refusals: Record<string, number>,
): Promise<WebSocket> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await open(url, onMessage);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      refusals[reason] = (refusals[reason] ?? 0) + 1;
      if (attempt >= 3) throw err;
      await sleep(1000);
    }
  }
}

function open(url: string, onMessage: (raw: string) => void): Promise<WebSocket> {
  const socket = new WebSocket(url);
  socket.on('message', (data) => onMessage(String(data)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('WebSocket connect timed out after 30 s'));
    }, 30_000);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(socket);
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

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `done` every 50 ms; gives up (without throwing) after `timeoutMs`. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}
