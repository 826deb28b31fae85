import { Sha256 } from '@aws-crypto/sha256-js';
import {
  EventBridgeClient,
  EventBridgeServiceException,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type DeadLetter,
  type EventBusOptions,
  type EventEnvelope,
  type LocalEventBus,
  startEventBus,
} from '../../../infra/local/event-bus';
import { InvalidEventPatternError } from '../../../infra/local/event-pattern';
import { InvokeError, localCredentials } from '../../../infra/local/types';
import type { EventRuleSpec } from '../../../infra/spec';
import { eventBus } from '../../../infra/spec';

const region = 'us-east-1';
const accountId = '000000000000';
const busName = 'chatty';

let bus: LocalEventBus | undefined;
afterEach(async () => {
  await bus?.close();
  bus = undefined;
});

interface Call {
  functionName: string;
  event: EventEnvelope;
}

async function start(o: Partial<EventBusOptions> = {}) {
  const calls: Call[] = [];
  bus = await startEventBus({
    busName,
    rules: eventBus.rules,
    region,
    accountId,
    retryDelayMs: () => 10,
    invoke: async (functionName, event) => {
      calls.push({ functionName, event: event as EventEnvelope });
    },
    ...o,
  });
  const client = clientFor(bus, localCredentials);
  return { bus, client, calls };
}

function clientFor(bus: LocalEventBus, credentials: { accessKeyId: string; secretAccessKey: string }) {
  return new EventBridgeClient({ region, endpoint: bus.url, credentials, maxAttempts: 1 });
}

/** A raw AWS JSON 1.1 call, signed as the SDK would sign it. */
async function signedPost(url: string, target: string, body: string): Promise<Response> {
  const { host } = new URL(url);
  const signer = new SignatureV4({
    credentials: localCredentials,
    region,
    service: 'events',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: host.split(':')[0] as string,
    path: '/',
    headers: { host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  });
  return fetch(url, { method: 'POST', headers: signed.headers, body });
}

const attributes = (letter: DeadLetter | undefined) =>
  Object.fromEntries(
    Object.entries(letter?.MessageAttributes ?? {}).map(([name, a]) => [name, a.StringValue]),
  );

const message = (sender: string, text: string): PutEventsRequestEntry => ({
  EventBusName: busName,
  Source: 'chatty',
  DetailType: 'MessagePosted',
  Detail: JSON.stringify({
    messageId: 'm1',
    roomId: 'lobby',
    sender,
    text,
    createdAt: '2026-01-01T00:00:00.000Z',
  }),
});

const failingRule = (retry: EventRuleSpec['retry']): EventRuleSpec => ({
  name: 'Everything',
  description: 'all chatty events',
  pattern: { source: ['chatty'] },
  target: 'Flaky',
  retry,
  deadLetterQueue: true,
});

describe('startEventBus', () => {
  it('delivers an event matching a rule to its target and not one that does not match', async () => {
    const { bus, client, calls } = await start();
    const out = await client.send(
      new PutEventsCommand({
        Entries: [message('alice', 'hey pyro, weather 10001?'), message('Pyro', 'pyro here')],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    await bus.idle();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.functionName).toBe('Bot');
    expect(calls[0]?.event.detail.sender).toBe('alice');
    expect(bus.delivered()).toBe(1);
  });

  it('wraps each entry in the EventBridge envelope', async () => {
    const { bus, client, calls } = await start();
    const out = await client.send(new PutEventsCommand({ Entries: [message('alice', 'pyro?')] }));
    await bus.idle();
    const event = calls[0]?.event;
    expect(event).toEqual({
      version: '0',
      id: out.Entries?.[0]?.EventId,
      'detail-type': 'MessagePosted',
      source: 'chatty',
      account: accountId,
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      region,
      resources: [],
      detail: JSON.parse(message('alice', 'pyro?').Detail as string),
    });
    expect(event?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('uses the entry Time and Resources when given', async () => {
    const { bus, client, calls } = await start();
    const entry = {
      ...message('alice', 'pyro'),
      Time: new Date('2026-03-04T05:06:07.890Z'),
      Resources: ['arn:x'],
    };
    await client.send(new PutEventsCommand({ Entries: [entry] }));
    await bus.idle();
    expect(calls[0]?.event).toMatchObject({ time: '2026-03-04T05:06:07Z', resources: ['arn:x'] });
  });

  it('answers PutEvents before the target has finished running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    const { bus, client } = await start({
      invoke: async () => {
        await gate;
        finished = true;
      },
    });
    const out = await client.send(new PutEventsCommand({ Entries: [message('alice', 'pyro')] }));
    expect(out.FailedEntryCount).toBe(0);
    expect(finished).toBe(false);
    expect(bus.delivered()).toBe(0);
    release();
    await bus.idle();
    expect(finished).toBe(true);
    expect(bus.delivered()).toBe(1);
  });

  it('rejects more than 10 entries with a ValidationException the SDK can recognise', async () => {
    const { client, calls } = await start();
    const entries = Array.from({ length: 11 }, () => message('alice', 'pyro'));
    const error = await client.send(new PutEventsCommand({ Entries: entries })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventBridgeServiceException);
    expect(error).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(calls).toHaveLength(0);
  });

  it('rejects an empty Entries list', async () => {
    const { client } = await start();
    await expect(client.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('rejects a request whose entries add up to more than 256 KB', async () => {
    const { client } = await start();
    const big = { ...message('alice', 'pyro'), Detail: JSON.stringify({ text: 'x'.repeat(300 * 1024) }) };
    await expect(client.send(new PutEventsCommand({ Entries: [big] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('fails bad entries one by one with their error codes and still delivers the good ones', async () => {
    const { bus, client, calls } = await start();
    const good = message('alice', 'pyro');
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          good,
          { ...good, Source: undefined },
          { ...good, DetailType: undefined },
          { ...good, Detail: undefined },
          { ...good, Detail: '{"text": ' },
          { ...good, Detail: '["an", "array"]' },
          { ...good, Detail: '"a string"' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(6);
    expect(out.Entries?.[0]).toEqual({ EventId: expect.any(String) });
    expect(out.Entries?.slice(1).map((e) => e.ErrorCode)).toEqual([
      'InvalidArgument',
      'InvalidArgument',
      'InvalidArgument',
      'MalformedDetail',
      'MalformedDetail',
      'MalformedDetail',
    ]);
    expect(out.Entries?.[1]?.ErrorMessage).toContain('Source');
    expect(out.Entries?.[1]?.EventId).toBeUndefined();
    await bus.idle();
    expect(calls).toHaveLength(1);
  });

  it('accepts the bus ARN as EventBusName and, like AWS, accepts but drops events for other buses', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { bus, client, calls } = await start();
    const byArn = {
      ...message('alice', 'pyro by arn'),
      EventBusName: `arn:aws:events:${region}:${accountId}:event-bus/chatty`,
    };
    const elsewhere = { ...message('alice', 'pyro elsewhere'), EventBusName: 'other-bus' };
    const defaultBus = { ...message('alice', 'pyro on default'), EventBusName: undefined };
    const out = await client.send(new PutEventsCommand({ Entries: [byArn, elsewhere, defaultBus] }));
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries?.every((e) => typeof e.EventId === 'string')).toBe(true);
    await bus.idle();
    expect(calls.map((c) => c.event.detail.text)).toEqual(['pyro by arn']);
    // Silently lost on AWS; locally at least a warning names the wrong bus.
    expect(warn.mock.calls.map((args) => String(args[0]))).toEqual([
      expect.stringContaining("'other-bus'"),
      expect.stringContaining("'default'"),
    ]);
    warn.mockRestore();
  });

  it('retries a target it could not invoke with backoff, then sends the event to the rule DLQ with its attributes', async () => {
    const attemptsAsked: number[] = [];
    let invocations = 0;
    const told: DeadLetter[] = [];
    const { bus, client } = await start({
      onDeadLetter: (letter) => told.push(letter),
      rules: [failingRule({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 })],
      retryDelayMs: (attempt) => {
        attemptsAsked.push(attempt);
        return 10;
      },
      invoke: async () => {
        invocations++;
        throw new InvokeError('TooManyRequestsException', 'Rate Exceeded.', 429);
      },
    });
    const out = await client.send(new PutEventsCommand({ Entries: [message('alice', 'hello')] }));
    await bus.idle();
    expect(invocations).toBe(3);
    expect(attemptsAsked.slice(0, 2)).toEqual([1, 2]);
    expect(bus.delivered()).toBe(0);
    const dead = bus.deadLetters();
    expect(dead).toEqual([
      {
        sender: 'events.amazonaws.com',
        queueArn: `arn:aws:sqs:${region}:${accountId}:EverythingDeadLetters`,
        sentAt: expect.any(String),
        MessageId: expect.any(String),
        Body: expect.any(String),
        MessageAttributes: {
          RULE_ARN: {
            DataType: 'String',
            StringValue: `arn:aws:events:${region}:${accountId}:rule/chatty/Everything`,
          },
          TARGET_ARN: {
            DataType: 'String',
            StringValue: `arn:aws:lambda:${region}:${accountId}:function:Flaky`,
          },
          ERROR_CODE: { DataType: 'String', StringValue: 'THROTTLING' },
          ERROR_MESSAGE: { DataType: 'String', StringValue: 'Rate Exceeded.' },
          EXHAUSTED_RETRY_CONDITION: { DataType: 'String', StringValue: 'MaximumRetryAttempts' },
          RETRY_ATTEMPTS: { DataType: 'Number', StringValue: '2' },
        },
      },
    ]);
    // The body is the event itself, as EventBridge would have delivered it.
    expect(JSON.parse(dead[0]?.Body ?? '')).toMatchObject({
      id: out.Entries?.[0]?.EventId,
      source: 'chatty',
    });
    expect(told).toEqual(dead);
  });

  it('sends the event straight to the DLQ, without retries, when the target function does not exist', async () => {
    let invocations = 0;
    const { bus, client } = await start({
      rules: [failingRule({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 })],
      invoke: async () => {
        invocations++;
        throw new InvokeError('ResourceNotFoundException', 'Function not found: Flaky', 404);
      },
    });
    await client.send(new PutEventsCommand({ Entries: [message('alice', 'hello')] }));
    await bus.idle();
    expect(invocations).toBe(1);
    const letter = attributes(bus.deadLetters()[0]);
    expect(letter).toMatchObject({ ERROR_CODE: 'NO_RESOURCE', RETRY_ATTEMPTS: '0' });
    expect(letter.EXHAUSTED_RETRY_CONDITION).toBeUndefined();
  });

  it('does not retry missing permissions either', async () => {
    const { bus, client } = await start({
      rules: [failingRule({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 })],
      invoke: async () => {
        throw new InvokeError('AccessDeniedException', 'not allowed', 403);
      },
    });
    await client.send(new PutEventsCommand({ Entries: [message('alice', 'hello')] }));
    await bus.idle();
    expect(attributes(bus.deadLetters()[0])).toMatchObject({
      ERROR_CODE: 'NO_PERMISSIONS',
      RETRY_ATTEMPTS: '0',
    });
  });

  it('counts a target that accepted the event as delivered, whatever the function does afterwards', async () => {
    const { bus, client } = await start({
      rules: [failingRule({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 })],
      // Lambda's asynchronous Invoke resolves once the event is queued; the function's errors are Lambda's to retry.
      invoke: async () => ({ requestId: 'r-1' }),
    });
    await client.send(new PutEventsCommand({ Entries: [message('alice', 'hello')] }));
    await bus.idle();
    expect(bus.delivered()).toBe(1);
    expect(bus.deadLetters()).toEqual([]);
  });

  it('delivers at least once: a target that could not be invoked once is invoked on the retry', async () => {
    let invocations = 0;
    const { bus, client } = await start({
      rules: [failingRule({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 })],
      invoke: async () => {
        invocations++;
        if (invocations === 1) throw new InvokeError('ServiceException', 'Lambda had a hiccup', 500);
      },
    });
    await client.send(new PutEventsCommand({ Entries: [message('alice', 'hello')] }));
    await bus.idle();
    expect(invocations).toBe(2);
    expect(bus.delivered()).toBe(1);
    expect(bus.deadLetters()).toEqual([]);
  });

  it('stops retrying once the event would be older than maximumEventAgeSeconds, and says so', async () => {
    let invocations = 0;
    const { bus, client } = await start({
      rules: [failingRule({ maximumRetryAttempts: 5, maximumEventAgeSeconds: 0 })],
      invoke: async () => {
        invocations++;
        throw new InvokeError('ServiceException', 'down', 500);
      },
    });
    await client.send(new PutEventsCommand({ Entries: [message('alice', 'hello')] }));
    await bus.idle();
    expect(invocations).toBe(1);
    expect(attributes(bus.deadLetters()[0])).toMatchObject({
      ERROR_CODE: 'SDK_CLIENT_ERROR',
      ERROR_MESSAGE: 'down',
      EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds',
      RETRY_ATTEMPTS: '0',
    });
  });

  it('refuses an unsigned PutEvents with 400 MissingAuthenticationTokenException and delivers nothing', async () => {
    const { bus, calls } = await start();
    const res = await fetch(bus.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: JSON.stringify({ Entries: [message('alice', 'pyro')] }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    await bus.idle();
    expect(calls).toEqual([]);
  });

  it('refuses a PutEvents signed with the wrong secret with InvalidSignatureException', async () => {
    const { bus, calls } = await start();
    const stranger = clientFor(bus, { ...localCredentials, secretAccessKey: 'guessed' });
    const error = await stranger
      .send(new PutEventsCommand({ Entries: [message('alice', 'pyro')] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventBridgeServiceException);
    expect(error).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 400 } });
    await bus.idle();
    expect(calls).toEqual([]);
  });

  it('answers an unknown X-Amz-Target with a 400 UnknownOperationException in AWS JSON 1.1 form', async () => {
    const { bus } = await start();
    const res = await signedPost(bus.url, 'AWSEvents.PutRule', '{}');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('refuses to start with an invalid rule pattern', async () => {
    const invalid: EventRuleSpec = {
      ...failingRule({ maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 }),
      pattern: { source: 'chatty' },
    };
    await expect(
      startEventBus({ busName, rules: [invalid], region, accountId, invoke: async () => undefined }),
    ).rejects.toBeInstanceOf(InvalidEventPatternError);
  });
});
