import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  GetScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type EventEnvelope, type LocalEventBus, startEventBus } from '../../../infra/local/event-bus';
import { type LocalScheduler, startScheduler } from '../../../infra/local/scheduler';
import { localCredentials } from '../../../infra/local/types';

const busArn = `arn:aws:events:${localCredentials.region}:${localCredentials.accountId}:event-bus/chatty`;

let bus: LocalEventBus | undefined;
let scheduler: LocalScheduler | undefined;
let client: SchedulerClient | undefined;
afterEach(async () => {
  client?.destroy();
  await scheduler?.close();
  await bus?.close();
  bus = scheduler = client = undefined;
});

/** A local bus whose one rule sends ReminderDue events to `Bot`, and a scheduler at 1/1000 of real time. */
async function start() {
  const delivered: EventEnvelope[] = [];
  bus = await startEventBus({
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
  scheduler = await startScheduler({ eventBusUrl: bus.url, timeScale: 0.001 });
  client = new SchedulerClient({
    endpoint: scheduler.url,
    region: localCredentials.region,
    credentials: localCredentials,
    maxAttempts: 1,
  });
  return { bus, scheduler, client, delivered };
}

/** `at(...)` for a time `ms` from now, as the reminders adapter writes it (UTC, no milliseconds). */
const atIn = (ms: number) => `at(${new Date(Date.now() + ms).toISOString().slice(0, 19)})`;

const schedule = (
  name: string,
  overrides: Partial<CreateScheduleCommandInput> = {},
): CreateScheduleCommandInput => ({
  Name: name,
  GroupName: 'chatty',
  ScheduleExpression: atIn(60_000),
  ScheduleExpressionTimezone: 'UTC',
  FlexibleTimeWindow: { Mode: 'OFF' },
  ActionAfterCompletion: 'DELETE',
  Target: {
    Arn: busArn,
    RoleArn: 'arn:aws:iam::000000000000:role/scheduler',
    EventBridgeParameters: { Source: 'chatty', DetailType: 'ReminderDue' },
    Input: JSON.stringify({ roomId: 'lobby', name: 'Ada', text: 'stretch', reminderId: 'r-1' }),
  },
  ...overrides,
});

describe('the local EventBridge Scheduler', () => {
  it('puts the target event on the bus when a one-time schedule falls due, then forgets it', async () => {
    const { scheduler, client, delivered } = await start();
    const out = await client.send(new CreateScheduleCommand(schedule('pyro-reminder-1')));
    expect(out.ScheduleArn).toBe(
      `arn:aws:scheduler:${localCredentials.region}:${localCredentials.accountId}:schedule/chatty/pyro-reminder-1`,
    );
    expect(scheduler.pending()).toEqual(['pyro-reminder-1']);

    await vi.waitFor(() => expect(delivered).toHaveLength(1), { timeout: 5000, interval: 20 });
    expect(delivered[0]).toMatchObject({
      source: 'chatty',
      'detail-type': 'ReminderDue',
      detail: { roomId: 'lobby', name: 'Ada', text: 'stretch', reminderId: 'r-1' },
    });
    expect(scheduler.pending()).toEqual([]);
  });

  it('fires a schedule whose time has already passed at once', async () => {
    const { client, delivered } = await start();
    await client.send(new CreateScheduleCommand(schedule('late', { ScheduleExpression: atIn(-5000) })));
    await vi.waitFor(() => expect(delivered).toHaveLength(1), { timeout: 5000, interval: 20 });
  });

  it('refuses a second schedule of the same name in the same group with ConflictException', async () => {
    const { client, scheduler } = await start();
    await client.send(new CreateScheduleCommand(schedule('twice')));
    await expect(client.send(new CreateScheduleCommand(schedule('twice')))).rejects.toBeInstanceOf(
      ConflictException,
    );
    // Names are unique per group, not per account.
    await client.send(new CreateScheduleCommand(schedule('twice', { GroupName: 'other' })));
    expect(scheduler.pending()).toEqual(['twice', 'twice']);
  });

  it('rejects cron and rate expressions, which this stand-in does not run, with ValidationException', async () => {
    const { client, scheduler } = await start();
    for (const expression of ['cron(0 12 * * ? *)', 'rate(5 minutes)', 'at(2024-05-01 12:00)']) {
      await expect(
        client.send(new CreateScheduleCommand(schedule('recurring', { ScheduleExpression: expression }))),
      ).rejects.toBeInstanceOf(ValidationException);
    }
    expect(scheduler.pending()).toEqual([]);
  });

  it('rejects a target that is not an event bus with ValidationException', async () => {
    const { client } = await start();
    const target = {
      Arn: 'arn:aws:lambda:us-east-1:000000000000:function:Bot',
      RoleArn: 'arn:aws:iam::0:role/x',
    };
    await expect(
      client.send(new CreateScheduleCommand(schedule('to-lambda', { Target: target }))),
    ).rejects.toBeInstanceOf(ValidationException);
  });

  it('answers operations it does not implement with ResourceNotFoundException', async () => {
    const { client } = await start();
    await expect(client.send(new GetScheduleCommand({ Name: 'any' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('cancels pending schedules when it closes', async () => {
    const { bus, scheduler, client, delivered } = await start();
    await client.send(new CreateScheduleCommand(schedule('never', { ScheduleExpression: atIn(50_000) })));
    await scheduler.close();
    expect(scheduler.pending()).toEqual([]);
    // Well past the scaled due time (50 ms): nothing may arrive.
    await new Promise((resolve) => setTimeout(resolve, 250));
    await bus.idle();
    expect(delivered).toEqual([]);
  });
});
