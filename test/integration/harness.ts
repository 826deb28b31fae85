import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import WebSocket from 'ws';
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../../infra/local/cloud';
import { localCredentials } from '../../infra/local/types';

/** Starts a fresh in-memory local cloud for one test file. */
export function startTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<LocalCloud> {
  return startLocalCloud({
    dataDir: null,
    eventBusRetryDelayMs: () => 20,
    // Lambda's asynchronous retries (1 and 2 minutes) at a thousandth of the time.
    asyncRetryDelayMs: (retry) => 60 * retry,
    log: process.env.CHATTY_TEST_LOGS ? (fn, line) => console.log(`[${fn}] ${line}`) : undefined,
    ...options,
  });
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function api<T = Record<string, unknown>>(
  cloud: LocalCloud,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; token?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${cloud.httpApiUrl}${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function signIn(cloud: LocalCloud, name: string): Promise<string> {
  const { status, body } = await api<{ token: string }>(cloud, 'POST', '/sessions', { body: { name } });
  if (status !== 201) throw new Error(`sign-in failed: ${status} ${JSON.stringify(body)}`);
  return body.token;
}

export type Frame = Record<string, unknown> & { type: string };

/** A WebSocket client that keeps every frame it receives, so tests can wait for the one they expect. */
export class ChatClient {
  readonly frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  closeCode?: number;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)));
      this.wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  static connect(cloud: LocalCloud, token: string, roomId = 'lobby'): Promise<ChatClient> {
    const url = `${cloud.webSocketUrl}?token=${encodeURIComponent(token)}&roomId=${encodeURIComponent(roomId)}`;
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ChatClient(socket)));
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`handshake refused: ${res.statusCode}`)),
      );
      socket.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first frame (from the start) that matches and was not taken before. */
  async next(match: (frame: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(index, 1)[0] as Frame;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close(1000);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export const ofType = (type: string) => (frame: Frame) => frame.type === type;

/** A document client on the local cloud's DynamoDB, for tests that set up or inspect items directly. */
export function tableClient(cloud: LocalCloud): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.dynamodbUrl,
      region: localCredentials.region,
      credentials: localCredentials,
    }),
  );
}
