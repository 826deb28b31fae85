/**
 * One client connection, from the upgrade request (while `$connect` runs) to the close. It enforces API
 * Gateway's per-connection limits and reports the close exactly once, with the code `$disconnect` must carry.
 */
import { WebSocket } from 'ws';
import type { ConnectionInfo } from './events';

/** `closing`: the server sent its close frame; the connection takes no more messages either way. */
export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

export interface ConnectionLimits {
  idleTimeoutMs: number;
  maxConnectionMs: number;
}

export interface ConnectionHandlers {
  onMessage(text: string): void;
  onClose(code: number, reason: string): void;
}

/** What API Gateway reports for server-side closes (`$context.disconnectReason`). */
const goingAway = 'Going away';

export class GatewayConnection {
  state: ConnectionState = 'connecting';
  lastActiveAt: number;
  private socket: WebSocket | undefined;
  private serverClose: { code: number; reason: string } | undefined;
  private timers: NodeJS.Timeout[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private resolveClosed!: () => void;
  /** Settles once the socket is closed (or was never opened) and `onClose` has run. */
  readonly closed = new Promise<void>((resolve) => {
    this.resolveClosed = resolve;
  });

  constructor(readonly info: ConnectionInfo) {
    this.lastActiveAt = info.connectedAt;
  }

  get id(): string {
    return this.info.connectionId;
  }

  /** Called once `$connect` succeeded and the handshake completed. */
  open(socket: WebSocket, limits: ConnectionLimits, handlers: ConnectionHandlers): void {
    this.socket = socket;
    this.state = 'open';
    this.resetIdleTimer(limits.idleTimeoutMs);
    // API Gateway drops every connection after 2 hours, whatever its activity.
    const maxTimer = setTimeout(() => this.close(1001, goingAway), limits.maxConnectionMs);
    maxTimer.unref();
    this.timers.push(maxTimer);

    socket.on('message', (data, isBinary) => {
      if (this.state !== 'open') return;
      // Our API accepts text frames only (no binary media types configured), so a binary frame ends it.
      if (isBinary) return this.close(1003, 'Unsupported data');
      this.lastActiveAt = Date.now();
      // Only client messages count as activity: server-to-client posts do not keep a socket alive, which is
      // why clients must ping.
      this.resetIdleTimer(limits.idleTimeoutMs);
      handlers.onMessage((data as Buffer).toString('utf8'));
    });
    socket.on('error', (err: Error & { code?: string }) => {
      // ws has already sent close 1009 for a frame over maxPayload (32 KB); remember it, since the
      // client's echo of that close frame is not read any more.
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.state = 'closing';
        this.serverClose ??= { code: 1009, reason: 'Message too big' };
      }
    });
    socket.on('close', (code, reason) => {
      this.state = 'closed';
      this.clearTimers();
      const server = this.serverClose;
      handlers.onClose(
        server?.code ?? code,
        server?.reason ?? describeClientClose(code, reason.toString('utf8')),
      );
      this.resolveClosed();
    });
  }

  /** Marks a connection that never opened (rejected or abandoned during `$connect`) as closed. */
  abandon(): void {
    this.state = 'closed';
    this.resolveClosed();
  }

  /** Open, and neither side has started closing it. */
  get isOpen(): boolean {
    return this.state === 'open' && this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a text frame; false when the connection is not open (the caller answers 410). */
  send(text: string): boolean {
    if (!this.isOpen) return false;
    this.socket?.send(text);
    return true;
  }

  /** Closes from the server side; `$disconnect` then carries this code and reason. */
  close(code: number, reason: string): void {
    if (this.state !== 'open' || !this.socket) return;
    this.state = 'closing';
    this.serverClose ??= { code, reason };
    this.socket.close(code, reason);
  }

  /** Drops the TCP connection at once (shutdown of a peer that does not answer the close frame). */
  terminate(): void {
    this.socket?.terminate();
  }

  private resetIdleTimer(idleTimeoutMs: number): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close(1001, goingAway), idleTimeoutMs);
    this.idleTimer.unref();
  }

  private clearTimers(): void {
    for (const timer of [...this.timers, this.idleTimer]) if (timer) clearTimeout(timer);
  }
}

function describeClientClose(code: number, reason: string): string {
  if (reason) return reason;
  if (code === 1005) return 'Client-side close frame status not set';
  if (code === 1006) return 'Connection closed abnormally';
  return `Client-side close frame status set to ${code}`;
}
