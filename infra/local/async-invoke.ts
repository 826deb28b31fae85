/**
 * Lambda's asynchronous invocation (`InvocationType: Event`), the way EventBridge invokes a Lambda target.
 *
 * What AWS does (Lambda Developer Guide, "How Lambda handles errors and retries with asynchronous invocation"):
 * - The Invoke API only validates the request and queues the event: it answers 202, or refuses with an error
 *   (`ResourceNotFoundException`, `RequestEntityTooLargeException` over the 1 MB async payload limit, …). Only
 *   those refusals are the caller's business; EventBridge retries them with the rule's retry policy.
 * - A function error (thrown, timed out, failed to initialise) is retried by Lambda itself: by default "two more
 *   times, with a one-minute wait between the first two attempts, and two minutes between the second and third".
 * - Throttling (429) and system errors (5xx) return the event to the queue, retried with a backoff growing
 *   exponentially from 1 second to 5 minutes, for as long as the event is younger than MaximumEventAgeInSeconds
 *   (default 6 hours).
 * - An event that failed every attempt (`RetriesExhausted`) or grew too old (`EventAgeExceeded`) goes to the
 *   on-failure destination as an invocation record; without a destination it is discarded.
 */
import { randomUUID } from 'node:crypto';
import { abortableSleep } from './abortable-sleep';
import { type DeadLetter, deadLetter, type InvocationRecord } from './dead-letters';
import { FunctionError, type Invoke, InvokeError } from './types';

/** A function's asynchronous invocation settings (Lambda's `PutFunctionEventInvokeConfig`). */
export interface AsyncInvokeConfig {
  /** Retries after a function error: 0–2, default 2. */
  maximumRetryAttempts: number;
  /** How long an event may wait in the queue, retries included: 60–21600 s, default 21600 (6 h). */
  maximumEventAgeSeconds: number;
  /** The on-failure destination: the SQS queue ARN that receives the invocation record. */
  onFailure?: string;
}

/** Lambda's `Invoke` with `InvocationType: Event`: resolves once Lambda queued the event, rejects with InvokeError. */
export type InvokeAsync = (functionName: string, payload: unknown) => Promise<{ requestId: string }>;

export interface AsyncInvokerOptions {
  /** The names of the functions that exist (any other name is `ResourceNotFoundException`). */
  functions: readonly string[];
  /** Runs a function synchronously; rejects with FunctionError (it ran and failed) or InvokeError (it did not run). */
  invoke: Invoke;
  region: string;
  accountId: string;
  /** Each function's settings; what is left out takes Lambda's defaults. */
  config?: (functionName: string) => Partial<AsyncInvokeConfig> | undefined;
  /** Wait before retry `retry` (1, 2) after a function error. Default: Lambda's 1 minute, then 2 minutes. */
  retryDelayMs?: (retry: number) => number;
  /** Wait before re-running an event that was throttled `times` times. Default: 1 s doubling up to 5 min. */
  throttleDelayMs?: (times: number) => number;
  /** Told of each invocation record sent to an on-failure destination. */
  onFailure?: (letter: DeadLetter) => void;
}

export interface AsyncInvoker {
  invokeAsync: InvokeAsync;
  /** Invocation records sent to on-failure destinations so far. */
  failures(): DeadLetter[];
  /** Resolves when no event is queued, running or waiting for a retry. */
  idle(): Promise<void>;
  /** True while an event is queued, running or waiting for a retry. */
  busy(): boolean;
  /** Abandons queued events and waiting retries: nothing more runs or is recorded. */
  close(): void;
}

export const asyncInvokeDefaults: AsyncInvokeConfig = {
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 6 * 60 * 60,
};

/** "one-minute wait between the first two attempts, and two minutes between the second and third". */
export const lambdaRetryDelayMs = (retry: number): number => 60_000 * retry;

/** "The retry interval increases exponentially from 1 second after the first attempt to a maximum of 5 minutes." */
export const lambdaThrottleDelayMs = (times: number): number => Math.min(1000 * 2 ** (times - 1), 300_000);

/** The async Invoke API's payload quota (6 MB is the synchronous one). */
const maxAsyncPayloadBytes = 1024 * 1024;

export function startAsyncInvoker(o: AsyncInvokerOptions): AsyncInvoker {
  const pending = new Set<Promise<void>>();
  const records: DeadLetter[] = [];
  const stop = new AbortController();
  const retryDelayMs = o.retryDelayMs ?? lambdaRetryDelayMs;
  const throttleDelayMs = o.throttleDelayMs ?? lambdaThrottleDelayMs;
  const functionArn = (name: string) => `arn:aws:lambda:${o.region}:${o.accountId}:function:${name}`;

  const fail = (
    name: string,
    config: AsyncInvokeConfig,
    record: Omit<InvocationRecord, 'version' | 'timestamp' | 'requestContext'> & {
      requestContext: Omit<InvocationRecord['requestContext'], 'functionArn'>;
    },
  ) => {
    if (!config.onFailure) {
      console.warn(
        `[lambda] ${name}: an asynchronous invocation failed and, with no destination, was discarded`,
      );
      return;
    }
    const full: InvocationRecord = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      ...record,
      requestContext: { ...record.requestContext, functionArn: `${functionArn(name)}:$LATEST` },
    };
    const letter = deadLetter('lambda.amazonaws.com', config.onFailure, full);
    records.push(letter);
    o.onFailure?.(letter);
  };

  const run = async (name: string, payload: unknown, requestId: string, queuedAt: number) => {
    const config = { ...asyncInvokeDefaults, ...o.config?.(name) };
    let invocations = 0;
    let throttled = 0;
    let lastError: InvocationRecord['responsePayload'];
    while (!stop.signal.aborted) {
      // Lambda checks the age when it takes the event from the queue, retries included.
      if (Date.now() - queuedAt > config.maximumEventAgeSeconds * 1000) {
        fail(name, config, {
          requestContext: { requestId, condition: 'EventAgeExceeded', approximateInvokeCount: invocations },
          requestPayload: payload,
          ...failedResponse(lastError),
        });
        return;
      }
      try {
        await o.invoke(name, payload, { invocationType: 'Event' });
        return;
      } catch (err) {
        if (err instanceof InvokeError) {
          // The function did not run (throttled, or Lambda failed): back to the queue, not an attempt.
          throttled++;
          await abortableSleep(throttleDelayMs(throttled), stop.signal);
          continue;
        }
        // Stopping the cloud fails the attempt in flight: that is not the function failing, and no dead letter.
        if (stop.signal.aborted) return;
        // Anything else is the function's own failure (FunctionError; a plain Error from an older runner).
        invocations++;
        lastError = errorPayload(err);
        if (invocations > config.maximumRetryAttempts) {
          fail(name, config, {
            requestContext: { requestId, condition: 'RetriesExhausted', approximateInvokeCount: invocations },
            requestPayload: payload,
            ...failedResponse(lastError),
          });
          return;
        }
        await abortableSleep(retryDelayMs(invocations), stop.signal);
      }
    }
  };

  const invokeAsync: InvokeAsync = (name, payload) => {
    if (!o.functions.includes(name)) {
      return Promise.reject(
        new InvokeError('ResourceNotFoundException', `Function not found: ${functionArn(name)}`, 404),
      );
    }
    const size = Buffer.byteLength(JSON.stringify(payload) ?? '');
    if (size > maxAsyncPayloadBytes) {
      return Promise.reject(
        new InvokeError(
          'RequestEntityTooLargeException',
          // Lambda's wording for the Event invocation type (as captured from its API).
          `${size} byte payload is too large for the Event invocation type (limit ${maxAsyncPayloadBytes} bytes)`,
          413,
        ),
      );
    }
    const requestId = randomUUID();
    const queuedAt = Date.now();
    // Runs after the current call stack, so the caller has its 202 before the function starts.
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => run(name, payload, requestId, queuedAt))
      .finally(() => pending.delete(job));
    pending.add(job);
    return Promise.resolve({ requestId });
  };

  return {
    invokeAsync,
    failures: () => [...records],
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    busy: () => pending.size > 0,
    close: () => stop.abort(),
  };
}

/** The Node.js runtime's error object (`errorType`, `errorMessage`, `trace`), as Lambda reports it. */
function errorPayload(err: unknown): NonNullable<InvocationRecord['responsePayload']> {
  const trace = (err as { trace?: unknown }).trace;
  return {
    errorType: err instanceof FunctionError ? err.errorType : err instanceof Error ? err.name : 'Error',
    errorMessage: err instanceof Error ? err.message : String(err),
    trace: Array.isArray(trace) ? trace.map(String) : [],
  };
}

function failedResponse(
  error: InvocationRecord['responsePayload'],
): Pick<InvocationRecord, 'responseContext' | 'responsePayload'> {
  if (!error) return {};
  return {
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: error,
  };
}
