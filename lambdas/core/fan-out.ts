import type { ConnectionStore, SocketSender } from './ports';
import type { Connection, ServerFrame } from './types';

export interface FanOutOptions {
  /** How many posts to sockets are in flight at once. */
  concurrency: number;
  /** How often a throttled post is tried again before that one socket is given up on. */
  maxThrottleRetries: number;
  /** Base of the jittered exponential backoff for throttled posts, in ms. */
  backoffBaseMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export interface FanOutResult {
  delivered: number;
  gone: number;
  throttled: number;
  failed: number;
}

/**
 * API Gateway answers 410 to posts to a socket whose `$connect` is still running, although that socket is
 * about to open. So a 410 deletes the record only once `$connect` must be over (its function's timeout).
 */
export const CONNECT_GRACE_MS = 15_000;

export const defaultFanOutOptions: FanOutOptions = {
  concurrency: 32,
  maxThrottleRetries: 4,
  backoffBaseMs: 25,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** What a post needs of a connection: its id, and when it opened (a 410 inside `$connect` is not a close). */
export type Socket = Pick<Connection, 'connectionId' | 'connectedAt'>;

export interface FanOutDeps {
  connections: ConnectionStore;
  sockets: SocketSender;
}

/**
 * Sends one frame to every live socket in a room. A closed socket (GoneException) is deleted; a throttled
 * post is retried with full-jitter backoff; an unexpected error on one socket never fails the others.
 */
export async function fanOut(
  deps: FanOutDeps,
  roomId: string,
  frame: ServerFrame,
  nowMs: number,
  options: {
    exclude?: string;
    pages?: AsyncIterable<readonly Socket[]>;
    /** Told of each socket whose post failed for good (an error, or still throttled after the retries). */
    onUndelivered?: (socket: Socket) => void;
  } & Partial<FanOutOptions> = {},
): Promise<FanOutResult> {
  const opts = { ...defaultFanOutOptions, ...options };
  const data = JSON.stringify(frame);
  const result: FanOutResult = { delivered: 0, gone: 0, throttled: 0, failed: 0 };

  const sendOne = async (socket: Socket): Promise<void> => {
    const { connectionId, connectedAt } = socket;
    for (let attempt = 0; ; attempt++) {
      let outcome: Awaited<ReturnType<SocketSender['send']>>;
      try {
        outcome = await deps.sockets.send(connectionId, data);
      } catch {
        result.failed++;
        options.onUndelivered?.(socket);
        return;
      }
      if (outcome === 'sent') {
        result.delivered++;
        return;
      }
      if (outcome === 'gone') {
        result.gone++;
        if (nowMs - Date.parse(connectedAt) > CONNECT_GRACE_MS) {
          await deps.connections.deleteConnection(connectionId).catch(() => undefined);
        }
        return;
      }
      if (attempt >= opts.maxThrottleRetries) {
        result.throttled++;
        options.onUndelivered?.(socket);
        return;
      }
      await opts.sleep(opts.random() * opts.backoffBaseMs * 2 ** attempt);
    }
  };

  const inFlight = new Set<Promise<void>>();
  const pages = options.pages ?? deps.connections.roomConnections(roomId, Math.floor(nowMs / 1000));
  for await (const page of pages) {
    for (const connection of page) {
      if (connection.connectionId === options.exclude) continue;
      const task: Promise<void> = sendOne(connection).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= opts.concurrency) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  return result;
}

/** Sends a frame to one socket, ignoring a socket that has gone. */
export async function sendFrame(
  sockets: SocketSender,
  connectionId: string,
  frame: ServerFrame,
): Promise<void> {
  await sockets.send(connectionId, JSON.stringify(frame));
}

/**
 * Starts reading the first item of `source` now, before anyone iterates it, so its latency overlaps other
 * work. A failure of that early read surfaces when the result is iterated, not as an unhandled rejection.
 */
export function readAhead<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  const first = iterator.next();
  first.catch(() => undefined);
  return {
    async *[Symbol.asyncIterator]() {
      for (let step = await first; !step.done; step = await iterator.next()) yield step.value;
    },
  };
}
