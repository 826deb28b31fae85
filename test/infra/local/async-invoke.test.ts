import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AsyncInvoker,
  type AsyncInvokerOptions,
  lambdaRetryDelayMs,
  lambdaThrottleDelayMs,
  startAsyncInvoker,
} from '../../../infra/local/async-invoke';
import type { InvocationRecord } from '../../../infra/local/dead-letters';
import { FunctionError, InvokeError } from '../../../infra/local/types';

const region = 'us-east-1';
const accountId = '000000000000';
const queueArn = `arn:aws:sqs:${region}:${accountId}:BotAddressedDeadLetters`;
const event = { id: 'e-1', 'detail-type': 'MessagePosted', detail: { text: 'pyro help' } };

let invoker: AsyncInvoker | undefined;
afterEach(() => {
  invoker?.close();
  invoker = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** An invoker whose `Bot` runs `behaviour` for each attempt (1, 2, …); records go to `queueArn`. */
function start(behaviour: (attempt: number) => unknown, o: Partial<AsyncInvokerOptions> = {}) {
  const runs: Array<{ name: string; payload: unknown; at: number }> = [];
  invoker = startAsyncInvoker({
    functions: ['Bot'],
    region,
    accountId,
    invoke: async (name, payload) => {
      runs.push({ name, payload, at: Date.now() });
      return behaviour(runs.length);
    },
    config: () => ({ onFailure: queueArn }),
    retryDelayMs: () => 5,
    ...o,
  });
  return { invoker, runs };
}

const failing = (): never => {
  throw Object.assign(new FunctionError('ReplyFailedError', 'the room is gone'), {
    trace: ['ReplyFailedError: the room is gone', '    at post (/var/task/index.mjs:1:1)'],
  });
};

const recordOf = (invoker: AsyncInvoker) =>
  JSON.parse(invoker.failures()[0]?.Body ?? 'null') as InvocationRecord;

/** Lets the real setImmediate that starts each queued event run (fake timers leave it alone). */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('startAsyncInvoker', () => {
  it('answers the caller before the function runs, with a request id', async () => {
    const { invoker, runs } = start(() => 'ok');
    const accepted = await invoker.invokeAsync('Bot', event);
    expect(accepted.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(runs).toHaveLength(0);
    await invoker.idle();
    expect(runs).toEqual([{ name: 'Bot', payload: event, at: expect.any(Number) }]);
    expect(invoker.failures()).toEqual([]);
  });

  it('waits one minute, then two, between the attempts of a failing function (Lambda’s defaults)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { invoker, runs } = start(failing, { retryDelayMs: undefined });
    await invoker.invokeAsync('Bot', event);
    await flush();
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(119_999);
    expect(runs).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(runs).toHaveLength(3);
    await invoker.idle();
    expect(runs.map((r) => r.at - (runs[0]?.at ?? 0))).toEqual([0, 60_000, 180_000]);
    expect(invoker.failures()).toHaveLength(1);
  });

  it('sends Lambda’s invocation record to the on-failure destination after the two retries', async () => {
    const asked: number[] = [];
    const told: unknown[] = [];
    const { invoker, runs } = start(failing, {
      retryDelayMs: (retry) => {
        asked.push(retry);
        return lambdaRetryDelayMs(retry) / 1000;
      },
      onFailure: (letter) => told.push(letter),
    });
    const { requestId } = await invoker.invokeAsync('Bot', event);
    await invoker.idle();
    expect(runs).toHaveLength(3);
    expect(asked).toEqual([1, 2]);
    const failures = invoker.failures();
    expect(failures).toEqual([
      {
        sender: 'lambda.amazonaws.com',
        queueArn,
        sentAt: expect.any(String),
        MessageId: expect.any(String),
        Body: expect.any(String),
        MessageAttributes: {},
      },
    ]);
    expect(told).toEqual(failures);
    expect(recordOf(invoker)).toEqual({
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      requestContext: {
        requestId,
        functionArn: `arn:aws:lambda:${region}:${accountId}:function:Bot:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: {
        errorType: 'ReplyFailedError',
        errorMessage: 'the room is gone',
        trace: ['ReplyFailedError: the room is gone', '    at post (/var/task/index.mjs:1:1)'],
      },
    });
  });

  it('reports a timeout with its Sandbox.Timedout error type', async () => {
    const { invoker } = start(() => {
      throw new FunctionError('Sandbox.Timedout', 'Task timed out after 15.00 seconds');
    });
    await invoker.invokeAsync('Bot', event);
    await invoker.idle();
    expect(recordOf(invoker).responsePayload).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 15.00 seconds',
      trace: [],
    });
  });

  it('is done once a retry succeeds', async () => {
    const { invoker, runs } = start((attempt) => (attempt === 1 ? failing() : 'ok'));
    await invoker.invokeAsync('Bot', event);
    await invoker.idle();
    expect(runs).toHaveLength(2);
    expect(invoker.failures()).toEqual([]);
  });

  it('honours a smaller MaximumRetryAttempts', async () => {
    const { invoker, runs } = start(failing, {
      config: () => ({ maximumRetryAttempts: 0, onFailure: queueArn }),
    });
    await invoker.invokeAsync('Bot', event);
    await invoker.idle();
    expect(runs).toHaveLength(1);
    expect(recordOf(invoker).requestContext.approximateInvokeCount).toBe(1);
  });

  it('gives up with EventAgeExceeded when a retry would come after MaximumEventAgeInSeconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { invoker, runs } = start(failing, {
      retryDelayMs: undefined,
      config: () => ({ maximumEventAgeSeconds: 90, onFailure: queueArn }),
    });
    await invoker.invokeAsync('Bot', event);
    await flush();
    await vi.advanceTimersByTimeAsync(60_000);
    await flush();
    await vi.advanceTimersByTimeAsync(120_000);
    await invoker.idle();
    expect(runs).toHaveLength(2);
    expect(recordOf(invoker)).toMatchObject({
      requestContext: { condition: 'EventAgeExceeded', approximateInvokeCount: 2 },
      responsePayload: { errorType: 'ReplyFailedError' },
    });
  });

  it('puts a throttled event back in the queue without counting an attempt, with growing waits', async () => {
    const waits: number[] = [];
    const { invoker, runs } = start(
      (attempt) => {
        if (attempt <= 2) throw new InvokeError('TooManyRequestsException', 'Rate Exceeded.', 429);
        if (attempt <= 4) failing();
        return 'ok';
      },
      {
        throttleDelayMs: (times) => {
          waits.push(lambdaThrottleDelayMs(times));
          return 1;
        },
      },
    );
    await invoker.invokeAsync('Bot', event);
    await invoker.idle();
    // Two throttles, then two function errors and a success: the throttles used none of the two retries.
    expect(runs).toHaveLength(5);
    expect(waits).toEqual([1000, 2000]);
    expect(invoker.failures()).toEqual([]);
    expect([lambdaThrottleDelayMs(9), lambdaThrottleDelayMs(20)]).toEqual([256_000, 300_000]);
  });

  it('records an event that was throttled until it grew too old, without a response', async () => {
    const { invoker } = start(
      () => {
        throw new InvokeError('TooManyRequestsException', 'Rate Exceeded.', 429);
      },
      { config: () => ({ maximumEventAgeSeconds: 0, onFailure: queueArn }), throttleDelayMs: () => 5 },
    );
    await invoker.invokeAsync('Bot', event);
    await invoker.idle();
    const record = recordOf(invoker);
    expect(record.requestContext).toMatchObject({ condition: 'EventAgeExceeded', approximateInvokeCount: 0 });
    expect(record.responseContext).toBeUndefined();
    expect(record.responsePayload).toBeUndefined();
  });

  it('refuses an unknown function at once with ResourceNotFoundException, running nothing', async () => {
    const { invoker, runs } = start(() => 'ok');
    const error = await invoker.invokeAsync('Nobody', event).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvokeError);
    expect(error).toMatchObject({
      name: 'ResourceNotFoundException',
      statusCode: 404,
      message: `Function not found: arn:aws:lambda:${region}:${accountId}:function:Nobody`,
    });
    await invoker.idle();
    expect(runs).toEqual([]);
  });

  it('refuses a payload over the 1 MB asynchronous limit with RequestEntityTooLargeException', async () => {
    const { invoker, runs } = start(() => 'ok');
    const error = await invoker
      .invokeAsync('Bot', { text: 'x'.repeat(1024 * 1024) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RequestEntityTooLargeException', statusCode: 413 });
    await invoker.idle();
    expect(runs).toEqual([]);
  });

  it('discards a failed event, with a warning, when the function has no on-failure destination', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { invoker, runs } = start(failing, { config: () => undefined });
    await invoker.invokeAsync('Bot', event);
    await invoker.idle();
    expect(runs).toHaveLength(3);
    expect(invoker.failures()).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('discarded'));
  });

  it('abandons waiting retries on close', async () => {
    const { invoker, runs } = start(failing, { retryDelayMs: () => 60_000 });
    await invoker.invokeAsync('Bot', event);
    await flush();
    expect(invoker.busy()).toBe(true);
    invoker.close();
    await invoker.idle();
    expect(invoker.busy()).toBe(false);
    expect(runs).toHaveLength(1);
    expect(invoker.failures()).toEqual([]);
  });

  it('records no dead letter for the attempt a stop cuts short (the function did not fail)', async () => {
    let stopCloud: () => void = () => undefined;
    const { invoker } = start(
      () =>
        new Promise((_, reject) => {
          stopCloud = () => reject(new FunctionError('Runtime.Unknown', 'The local cloud is stopping'));
        }),
      { config: () => ({ onFailure: queueArn, maximumRetryAttempts: 0 }) },
    );
    await invoker.invokeAsync('Bot', event);
    await flush();
    invoker.close();
    stopCloud();
    await invoker.idle();
    expect(invoker.failures()).toEqual([]);
  });
});
