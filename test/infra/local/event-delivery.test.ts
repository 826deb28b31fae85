import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { type AsyncInvoker, lambdaRetryDelayMs, startAsyncInvoker } from '../../../infra/local/async-invoke';
import {
  type DeadLetter,
  deadLetterQueueArn,
  type InvocationRecord,
} from '../../../infra/local/dead-letters';
import { type LocalEventBus, startEventBus } from '../../../infra/local/event-bus';
import { FunctionError, type Invoke, InvokeError, localCredentials } from '../../../infra/local/types';
import { eventBus } from '../../../infra/spec';

/**
 * The bus and Lambda's asynchronous invocation together, wired as the local cloud (and the CDK app) wire them:
 * the rule's retry policy and DLQ for failures to invoke, Lambda's own retries and on-failure destination (the same
 * queue) for the function's errors. Only the function itself is a fake.
 */
const { region, accountId } = localCredentials;
const rule = eventBus.rules[0];
if (!rule) throw new Error('the spec has no bus rule');
const queueArn = deadLetterQueueArn(rule.name, region, accountId);

let bus: LocalEventBus | undefined;
let invoker: AsyncInvoker | undefined;
afterEach(async () => {
  invoker?.close();
  await bus?.close();
  bus = invoker = undefined;
});

async function start(
  run: Invoke,
  o: { refuse?: (attempt: number) => InvokeError | undefined; asyncDelays?: number[] } = {},
) {
  const deadLetters: DeadLetter[] = [];
  invoker = startAsyncInvoker({
    functions: ['Bot'],
    invoke: run,
    region,
    accountId,
    config: () => ({
      maximumRetryAttempts: rule?.retry.maximumRetryAttempts,
      maximumEventAgeSeconds: rule?.retry.maximumEventAgeSeconds,
      onFailure: queueArn,
    }),
    // Lambda's own timing, at a thousandth of the speed.
    retryDelayMs: (retry) => {
      o.asyncDelays?.push(lambdaRetryDelayMs(retry) / 1000);
      return lambdaRetryDelayMs(retry) / 1000;
    },
    onFailure: (letter) => deadLetters.push(letter),
  });
  let attempts = 0;
  const lambda = invoker;
  bus = await startEventBus({
    busName: eventBus.name,
    rules: eventBus.rules,
    region,
    accountId,
    retryDelayMs: () => 5,
    invoke: (name, event) => {
      const refusal = o.refuse?.(++attempts);
      return refusal ? Promise.reject(refusal) : lambda.invokeAsync(name, event);
    },
    onDeadLetter: (letter) => deadLetters.push(letter),
  });
  const client = new EventBridgeClient({
    region,
    endpoint: bus.url,
    credentials: localCredentials,
    maxAttempts: 1,
  });
  const idle = async () => {
    do {
      await bus?.idle();
      await lambda.idle();
    } while (bus?.busy() || lambda.busy());
  };
  return { bus, invoker, client, deadLetters, idle };
}

const askPyro = {
  EventBusName: eventBus.name,
  Source: 'chatty',
  DetailType: 'MessagePosted',
  Detail: JSON.stringify({ messageId: 'm-1', roomId: 'gone', sender: 'ada', text: 'pyro help' }),
};

describe('EventBridge delivering to a Lambda function asynchronously', () => {
  it('leaves a handler error to Lambda: two retries a minute and two minutes apart, then an invocation record', async () => {
    const runs: unknown[] = [];
    const asyncDelays: number[] = [];
    const { bus, client, deadLetters, idle } = await start(
      async (_name, event) => {
        runs.push(event);
        throw new FunctionError('ReplyFailedError', 'POST /bot/rooms/gone/messages answered 404');
      },
      { asyncDelays },
    );
    const out = await client.send(new PutEventsCommand({ Entries: [askPyro] }));
    await idle();
    expect(runs).toHaveLength(3);
    expect(asyncDelays).toEqual([60, 120]);
    // For EventBridge the delivery succeeded: Lambda accepted the event.
    expect(bus.delivered()).toBe(1);
    expect(bus.deadLetters()).toEqual([]);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ sender: 'lambda.amazonaws.com', queueArn, MessageAttributes: {} });
    const record = JSON.parse(deadLetters[0]?.Body ?? 'null') as InvocationRecord;
    expect(record).toMatchObject({
      version: '1.0',
      requestContext: {
        functionArn: `arn:aws:lambda:${region}:${accountId}:function:Bot:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { id: out.Entries?.[0]?.EventId, 'detail-type': 'MessagePosted', source: 'chatty' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: {
        errorType: 'ReplyFailedError',
        errorMessage: 'POST /bot/rooms/gone/messages answered 404',
      },
    });
  });

  it('retries a failure to invoke with the rule’s policy, then sends the event to the rule DLQ with its attributes', async () => {
    const runs: unknown[] = [];
    const { bus, client, deadLetters, idle } = await start(
      async (_name, event) => {
        runs.push(event);
      },
      { refuse: () => new InvokeError('TooManyRequestsException', 'Rate Exceeded.', 429) },
    );
    const out = await client.send(new PutEventsCommand({ Entries: [askPyro] }));
    await idle();
    expect(runs).toEqual([]);
    expect(bus.delivered()).toBe(0);
    expect(deadLetters).toEqual(bus.deadLetters());
    expect(deadLetters).toHaveLength(1);
    const [letter] = deadLetters;
    expect(letter?.sender).toBe('events.amazonaws.com');
    expect(letter?.queueArn).toBe(queueArn);
    expect(JSON.parse(letter?.Body ?? 'null')).toMatchObject({
      id: out.Entries?.[0]?.EventId,
      source: 'chatty',
    });
    expect(
      Object.fromEntries(Object.entries(letter?.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue])),
    ).toEqual({
      RULE_ARN: `arn:aws:events:${region}:${accountId}:rule/${eventBus.name}/${rule?.name}`,
      TARGET_ARN: `arn:aws:lambda:${region}:${accountId}:function:Bot`,
      ERROR_CODE: 'THROTTLING',
      ERROR_MESSAGE: 'Rate Exceeded.',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
      RETRY_ATTEMPTS: String(rule?.retry.maximumRetryAttempts),
    });
  });

  it('runs the function once when Lambda accepts the event on the rule’s retry', async () => {
    const runs: unknown[] = [];
    const { bus, client, deadLetters, idle } = await start(
      async (_name, event) => {
        runs.push(event);
      },
      {
        refuse: (attempt) => (attempt === 1 ? new InvokeError('ServiceException', 'hiccup', 500) : undefined),
      },
    );
    await client.send(new PutEventsCommand({ Entries: [askPyro] }));
    await idle();
    expect(runs).toHaveLength(1);
    expect(bus.delivered()).toBe(1);
    expect(deadLetters).toEqual([]);
  });
});
