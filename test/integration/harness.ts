import { request as httpRequest } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import WebSocket from 'ws';
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../../infra/local/cloud';
import { localCredentials } from '../../infra/local/types';
import { httpResponseChecker, serverFrameChecker } from './contract';

/**
 * The contract tests' net (./contract.ts): every response `api()` returns and every frame a ChatClient receives
 * must be described by /openapi.json and /asyncapi.json, or the test that received it fails.
 */
const checkResponse = httpResponseChecker(undefined, (documented) => responsesSeen.add(documented));

/** Every documented `"METHOD /path/{template} status"` a response of this test file matched. */
export const responsesSeen = new Set<string>();
const checkFrame = serverFrameChecker();

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
  /** `signed`: SigV4-signed with the local credentials, as the bot calls its IAM-authorized route. */
  /**
   * `from`: the loopback address to send from (e.g. 127.0.0.2), standing for another client's source address
   * (Linux routes all of 127.0.0.0/8 to loopback).
   */
  options: { body?: unknown; rawBody?: string; token?: string; signed?: boolean; from?: string } = {},
): Promise<ApiResponse<T>> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  let headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.signed) headers = await signedHeaders(cloud, method, path, headers, body);
  const url = `${cloud.httpApiUrl}${path}`;
  const { status, text } = options.from
    ? await requestFrom(options.from, url, method, headers, body)
    : await fetch(url, { method, headers, body }).then(async (r) => ({
        status: r.status,
        text: await r.text(),
      }));
  const received: unknown = text ? JSON.parse(text) : null;
  checkResponse(method, path, status, received);
  // Checked above against the route's documented schema for this status.
  return { status, body: received as T };
}

/** fetch cannot choose its local address; node:http can. */
function requestFrom(
  localAddress: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function signedHeaders(
  cloud: LocalCloud,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Record<string, string>> {
  const url = new URL(`${cloud.httpApiUrl}${path}`);
  const signer = new SignatureV4({
    credentials: localCredentials,
    region: localCredentials.region,
    service: 'execute-api',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...headers, host: url.host },
    body,
  });
  return signed.headers;
}

export async function signIn(cloud: LocalCloud, name: string): Promise<string> {
  const { status, body } = await api<{ token: string }>(cloud, 'POST', '/sessions', { body: { name } });
  if (status !== 201) throw new Error(`sign-in failed: ${status} ${JSON.stringify(body)}`);
  return body.token;
}

export type Frame = Record<string, unknown> & { type: string };

/**
 * A WebSocket client that keeps every frame it receives, so tests can wait for the one they expect. A frame
 * asyncapi.json does not describe fails the next `next()` or `close()` of the test that received it.
 */
export class ChatClient {
  readonly frames: Frame[] = [];
  private readonly violations: Error[] = [];
  private waiters: Array<() => void> = [];
  closeCode?: number;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      try {
        const frame: unknown = JSON.parse(String(data));
        checkFrame(frame);
        // Checked above: every receive message of asyncapi.json is an object with a string `type`.
        this.frames.push(frame as Frame);
      } catch (err) {
        this.violations.push(err instanceof Error ? err : new Error(String(err)));
      }
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
      this.throwViolation();
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

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        this.socket.once('close', () => resolve());
        this.socket.close(1000);
      });
    }
    this.throwViolation();
  }

  private throwViolation(): void {
    const [first] = this.violations;
    if (first) throw first;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export const ofType = (type: string) => (frame: Frame) => frame.type === type;

const names = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * A presence frame showing `name` in the room: a snapshot listing it, or a presenceChange it joined (presence
 * comes from the table's stream in batches, so which of the two tells a given socket depends on the timing).
 */
export const presenceWith = (name: string) => (f: Frame) =>
  (f.type === 'presence' && names(f.members).includes(name)) ||
  (f.type === 'presenceChange' && names(f.joined).includes(name));

/** A presenceChange saying `name` left the room. */
export const presenceWithout = (name: string) => (f: Frame) =>
  f.type === 'presenceChange' && names(f.left).includes(name);

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
