/** Types of check.mjs (plain JavaScript, so the Synthetics runtime can load it without a build step). */

export interface HealthcheckStep {
  name: string;
  /** Wall-clock latency of the step. */
  ms: number;
}

/** The WHATWG WebSocket interface the check uses; Node 22's global WebSocket and the `ws` package both fit. */
export interface WebSocketLike {
  addEventListener(
    type: string,
    listener: (event: { type: string; data?: unknown; message?: string }) => void,
  ): void;
  send(data: string): void;
  close(code?: number): void;
}

export interface HealthcheckOptions {
  httpApiUrl: string;
  webSocketUrl: string;
  WebSocket: new (url: string) => WebSocketLike;
  fetch: typeof globalThis.fetch;
  log?: (line: string) => void;
  /** Per step (HTTP calls, the handshake, the ack, Pyro's reply). */
  timeoutMs?: number;
  /** Wraps each step, e.g. Synthetics' executeStep; the default just runs it. */
  runStep?: (name: string, fn: () => Promise<void>) => Promise<unknown>;
}

export declare class HealthcheckError extends Error {
  readonly step: string;
  readonly steps: HealthcheckStep[];
}

export declare function runHealthcheck(
  options: HealthcheckOptions,
): Promise<{ name: string; steps: HealthcheckStep[] }>;
