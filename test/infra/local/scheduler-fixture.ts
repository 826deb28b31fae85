/** A local bus whose rule sends ReminderDue events to `Bot`, the Scheduler stand-in in front of it, and a client. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { type CreateScheduleCommandInput, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SignatureV4 } from '@smithy/signature-v4';
import { type EventEnvelope, type LocalEventBus, startEventBus } from '../../../infra/local/event-bus';
import { type LocalScheduler, type SchedulerOptions, startScheduler } from '../../../infra/local/scheduler';
import type { SigningCredentials } from '../../../infra/local/sigv4';
import { localCredentials } from '../../../infra/local/types';

export const busArn = `arn:aws:events:${localCredentials.region}:${localCredentials.accountId}:event-bus/chatty`;
export const roleArn = `arn:aws:iam::${localCredentials.accountId}:role/chatty-scheduler`;

export interface SchedulerFixture {
  bus: LocalEventBus;
  scheduler: LocalScheduler;
  client: SchedulerClient;
  delivered: EventEnvelope[];
  /** Stops the scheduler (if still running), the client and the bus. */
  close(): Promise<void>;
}

/** Time runs 1000 times faster unless `options.timeScale` says otherwise; group `chatty` exists. */
export async function startSchedulerFixture(
  options: Partial<SchedulerOptions> = {},
): Promise<SchedulerFixture> {
  const delivered: EventEnvelope[] = [];
  const bus = await startEventBus({
    busName: 'chatty',
    region: localCredentials.region,
    accountId: localCredentials.accountId,
    rules: [
      {
        name: 'Reminders',
        description: 'reminders falling due',
        pattern: { source: ['chatty'], 'detail-type': ['ReminderDue'] },
        target: 'Bot',
        retry: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 },
        deadLetterQueue: true,
      },
    ],
    invoke: async (_name, event) => {
      delivered.push(event as EventEnvelope);
    },
  });
  const scheduler = await startScheduler({
    eventBusUrl: bus.url,
    timeScale: 0.001,
    groups: ['chatty'],
    ...options,
  });
  const client = clientFor(scheduler.url);
  return {
    bus,
    scheduler,
    client,
    delivered,
    async close() {
      client.destroy();
      await scheduler.close();
      await bus.close();
    },
  };
}

export function clientFor(url: string, credentials: SigningCredentials = localCredentials): SchedulerClient {
  return new SchedulerClient({ endpoint: url, region: localCredentials.region, credentials, maxAttempts: 1 });
}

/** `at(...)` for a time `ms` from now, as the reminders adapter writes it (UTC, no milliseconds). */
export const atIn = (ms: number) => `at(${new Date(Date.now() + ms).toISOString().slice(0, 19)})`;

/** A valid reminder-like CreateSchedule input, with `overrides` applied. */
export function reminder(
  name: string,
  overrides: Partial<CreateScheduleCommandInput> = {},
): CreateScheduleCommandInput {
  return {
    Name: name,
    GroupName: 'chatty',
    ScheduleExpression: atIn(60_000),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: busArn,
      RoleArn: roleArn,
      EventBridgeParameters: { Source: 'chatty', DetailType: 'ReminderDue' },
      Input: JSON.stringify({ roomId: 'lobby', name: 'Ada', text: 'stretch', reminderId: 'r-1' }),
    },
    ...overrides,
  };
}

/** A raw HTTP call to the stand-in, SigV4-signed like the SDK signs (tests of what the SDK would never send). */
export async function signedFetch(
  url: string,
  init: { method: string; path: string; body?: string },
  credentials: SigningCredentials = localCredentials,
  service = 'scheduler',
): Promise<Response> {
  const { hostname, port } = new URL(url);
  const target = new URL(init.path, url);
  const signer = new SignatureV4({ credentials, region: localCredentials.region, service, sha256: Sha256 });
  const signed = await signer.sign({
    method: init.method,
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: target.pathname,
    query: Object.fromEntries(target.searchParams),
    headers: { host: `${hostname}:${port}`, 'content-type': 'application/json' },
    ...(init.body !== undefined && { body: init.body }),
  });
  return fetch(`${url}${init.path}`, {
    method: init.method,
    headers: signed.headers,
    ...(init.body !== undefined && { body: init.body }),
  });
}
