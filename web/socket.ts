import type { ClientFrame } from '../lambdas/contract/websocket';
import { backoffDelay } from './backoff';

export type ConnectionState = 'connecting' | 'online' | 'offline';

/** The part of the browser WebSocket this module uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface ReconnectingSocketOptions {
  /** The URL for the next attempt (token and current room), or null to stay offline (e.g. signed out). */
  url: () => string | null;
  onData: (data: unknown) => void;
  onState?: (state: ConnectionState, retryInMs?: number) => void;
  /** `reconnect` is true after the first successful connection: time to catch up from history. */
  onOpen?: (info: { reconnect: boolean }) => void;
  /** `wasOpen` false means the handshake failed (a refused token looks like this: browsers hide the status). */
  onClose?: (info: { code: number; wasOpen: boolean }) => void;
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
  now?: () => number;
  /** API Gateway drops sockets idle for 10 minutes; a ping every 5 keeps ours alive. */
  pingIntervalMs?: number;
  connectTimeoutMs?: number;
  /** A connection that lasted this long resets the backoff; one that drops at once keeps backing off. */
  stableAfterMs?: number;
}

const OPEN = 1;

/**
 * A WebSocket that comes back by itself: after any close it did not ask for (network loss, the server's
 * 2-hour limit, a deploy) it reconnects with exponential backoff and jitter, up to about 30 s apart.
 */
export class ReconnectingSocket {
  private ws: SocketLike | null = null;
  private running = false;
  private everOpened = false;
  private openedAt: number | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private awaitingPong = false;
  private current: ConnectionState = 'offline';
  private readonly o: Required<Omit<ReconnectingSocketOptions, 'onState' | 'onOpen' | 'onClose'>> &
    ReconnectingSocketOptions;

  constructor(options: ReconnectingSocketOptions) {
    this.o = {
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      random: Math.random,
      now: Date.now,
      pingIntervalMs: 5 * 60_000,
      connectTimeoutMs: 15_000,
      stableAfterMs: 30_000,
      ...options,
    };
  }

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.open();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.retryTimer);
    const ws = this.ws;
    if (ws) this.closed(ws, 1000);
    ws?.close(1000, 'bye');
    this.setState('offline');
  }

  /** Skip the wait (the browser says it is back online, the tab became visible). */
  reconnectNow(): void {
    if (!this.running || this.ws) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.open();
  }

  /**
   * Give up on the current socket now (the browser says the network is gone): without this the page would
   * show "online" and send into a dead socket until the ping noticed, minutes later. Retries go on with
   * backoff, and `reconnectNow` skips the wait when the network is back.
   */
  dropNow(): void {
    if (this.ws) this.drop(this.ws, 'offline');
  }

  /** Sends a JSON frame; false when not connected (the caller keeps it for later). */
  send(frame: ClientFrame): boolean {
    if (!this.ws || this.ws.readyState !== OPEN || this.current !== 'online') return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private open(): void {
    clearTimeout(this.retryTimer);
    const url = this.o.url();
    if (!url) {
      this.running = false;
      this.setState('offline');
      return;
    }
    this.setState('connecting');
    let ws: SocketLike;
    try {
      ws = this.o.createSocket(url);
    } catch {
      this.scheduleRetry(false);
      return;
    }
    this.ws = ws;
    this.openedAt = null;
    this.connectTimer = setTimeout(() => this.drop(ws), this.o.connectTimeoutMs);
    ws.onopen = () => {
      if (this.ws !== ws) return;
      clearTimeout(this.connectTimer);
      this.openedAt = this.o.now();
      this.awaitingPong = false;
      this.pingTimer = setInterval(() => this.ping(ws), this.o.pingIntervalMs);
      this.setState('online');
      const reconnect = this.everOpened;
      this.everOpened = true;
      this.o.onOpen?.({ reconnect });
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      this.awaitingPong = false;
      this.o.onData(ev.data);
    };
    ws.onclose = (ev) => this.closed(ws, ev.code);
    ws.onerror = () => {}; // a close event always follows
  }

  /** Any frame proves the link works; no frame for a whole ping interval means a half-open socket. */
  private ping(ws: SocketLike): void {
    if (this.awaitingPong) {
      this.drop(ws);
      return;
    }
    this.awaitingPong = true;
    this.send({ action: 'ping' });
  }

  /** Gives up on a socket now instead of waiting for a close handshake that may never come. */
  private drop(ws: SocketLike, reason = 'unresponsive'): void {
    this.closed(ws, 4000);
    try {
      ws.close(4000, reason);
    } catch {
      // already closing
    }
  }

  private closed(ws: SocketLike, code: number): void {
    if (this.ws !== ws) return;
    ws.onopen = ws.onclose = ws.onmessage = ws.onerror = null;
    this.ws = null;
    clearTimeout(this.connectTimer);
    clearInterval(this.pingTimer);
    const wasOpen = this.openedAt !== null;
    const stable = wasOpen && this.o.now() - (this.openedAt ?? 0) >= this.o.stableAfterMs;
    this.o.onClose?.({ code, wasOpen });
    if (this.running) this.scheduleRetry(stable);
  }

  private scheduleRetry(stable: boolean): void {
    if (stable) this.attempt = 0;
    const delay = backoffDelay(this.attempt, this.o.random);
    this.attempt++;
    this.setState('offline', delay);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private setState(state: ConnectionState, retryInMs?: number): void {
    this.current = state;
    this.o.onState?.(state, retryInMs);
  }
}
