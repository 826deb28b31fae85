import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  type ListSchedulesCommandInput,
  paginateListSchedules,
  ResourceNotFoundException,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startScheduler } from '../../../infra/local/scheduler';
import { localCredentials } from '../../../infra/local/types';
import { atIn, busArn, reminder, type SchedulerFixture, startSchedulerFixture } from './scheduler-fixture';

let fixture: SchedulerFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});
const start = async (options?: Parameters<typeof startSchedulerFixture>[0]) => {
  fixture = await startSchedulerFixture(options);
  return fixture;
};
const arnOf = (group: string, name: string) =>
  `arn:aws:scheduler:${localCredentials.region}:${localCredentials.accountId}:schedule/${group}/${name}`;

describe('the local EventBridge Scheduler running schedules', () => {
  it('puts the target event on the bus when a one-time schedule falls due, then deletes it (DELETE)', async () => {
    const { scheduler, client, delivered } = await start();
    // Ten minutes ahead: at 1/1000 of real time, at least 0.54 s (its minute starts up to 60 s earlier).
    const out = await client.send(
      new CreateScheduleCommand(reminder('pyro-reminder-1', { ScheduleExpression: atIn(600_000) })),
    );
    expect(out.ScheduleArn).toBe(arnOf('chatty', 'pyro-reminder-1'));
    expect(scheduler.pending()).toEqual(['pyro-reminder-1']);

    await vi.waitFor(() => expect(delivered).toHaveLength(1), { timeout: 5000, interval: 20 });
    expect(delivered[0]).toMatchObject({
      source: 'chatty',
      'detail-type': 'ReminderDue',
      detail: { roomId: 'lobby', name: 'Ada', text: 'stretch', reminderId: 'r-1' },
    });
    await vi.waitFor(
      () =>
        expect(
          client.send(new GetScheduleCommand({ Name: 'pyro-reminder-1', GroupName: 'chatty' })),
        ).rejects.toBeInstanceOf(ResourceNotFoundException),
      { timeout: 2000, interval: 20 },
    );
    expect(scheduler.pending()).toEqual([]);
  });

  it('keeps a one-time schedule after it ran when ActionAfterCompletion is NONE, still ENABLED, and runs it once', async () => {
    const { scheduler, client, delivered, bus } = await start();
    await client.send(new CreateScheduleCommand(reminder('kept', { ActionAfterCompletion: 'NONE' })));
    await vi.waitFor(() => expect(delivered).toHaveLength(1), { timeout: 5000, interval: 20 });
    await bus.idle();

    const kept = await client.send(new GetScheduleCommand({ Name: 'kept', GroupName: 'chatty' }));
    expect(kept).toMatchObject({ Name: 'kept', State: 'ENABLED', ActionAfterCompletion: 'NONE' });
    expect(scheduler.pending()).toEqual([]);
    expect(delivered).toHaveLength(1);
  });

  it('runs a schedule whose time has already passed at once', async () => {
    const { client, delivered } = await start({ timeScale: 1 });
    await client.send(new CreateScheduleCommand(reminder('late', { ScheduleExpression: atIn(-120_000) })));
    await vi.waitFor(() => expect(delivered).toHaveLength(1), { timeout: 5000, interval: 20 });
  });

  it('runs a FLEXIBLE schedule within its window', async () => {
    const { client, delivered } = await start({ random: () => 0.999 });
    await client.send(
      new CreateScheduleCommand(
        reminder('flexible', { FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 2 } }),
      ),
    );
    await vi.waitFor(() => expect(delivered).toHaveLength(1), { timeout: 5000, interval: 20 });
  });

  it('does not arm a DISABLED schedule', async () => {
    const { client, scheduler } = await start();
    await client.send(new CreateScheduleCommand(reminder('off', { State: 'DISABLED' })));
    expect(scheduler.pending()).toEqual([]);
    const off = await client.send(new GetScheduleCommand({ Name: 'off', GroupName: 'chatty' }));
    expect(off.State).toBe('DISABLED');
  });

  it('cancels pending schedules when it closes', async () => {
    const { bus, scheduler, client, delivered } = await start();
    await client.send(new CreateScheduleCommand(reminder('never', { ScheduleExpression: atIn(3_600_000) })));
    expect(scheduler.pending()).toEqual(['never']);
    await scheduler.close();
    expect(scheduler.pending()).toEqual([]);
    await bus.idle();
    expect(delivered).toEqual([]);
  });
});

describe('the local EventBridge Scheduler API', () => {
  it('refuses a second schedule of the same name in the same group with ConflictException', async () => {
    const { client, scheduler } = await start();
    const later = atIn(3_600_000);
    await client.send(new CreateScheduleCommand(reminder('twice', { ScheduleExpression: later })));
    const second = client.send(new CreateScheduleCommand(reminder('twice', { ScheduleExpression: later })));
    await expect(second).rejects.toBeInstanceOf(ConflictException);
    await expect(second).rejects.toMatchObject({
      message: 'Schedule twice already exists.',
      $metadata: { httpStatusCode: 409 },
    });
    // Names are unique per group, not per account.
    await client.send(
      new CreateScheduleCommand(reminder('twice', { GroupName: 'default', ScheduleExpression: later })),
    );
    expect(scheduler.pending()).toEqual(['twice', 'twice']);
  });

  it('answers a retried create (same ClientToken) with the schedule instead of a conflict', async () => {
    const { client } = await start();
    const input = reminder('retried', { ClientToken: 'token-1' });
    const first = await client.send(new CreateScheduleCommand(input));
    const again = await client.send(new CreateScheduleCommand(input));
    expect(again.ScheduleArn).toBe(first.ScheduleArn);
  });

  it('refuses a schedule in a group that does not exist with ResourceNotFoundException', async () => {
    const { client } = await start();
    const create = client.send(new CreateScheduleCommand(reminder('lost', { GroupName: 'nowhere' })));
    await expect(create).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(create).rejects.toMatchObject({ message: 'Schedule group nowhere does not exist.' });
    await expect(client.send(new ListSchedulesCommand({ GroupName: 'nowhere' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('describes a schedule with GetSchedule, in the default group when none is named', async () => {
    const { client } = await start();
    const input = reminder('described', { GroupName: undefined, Description: 'a reminder' });
    await client.send(new CreateScheduleCommand(input));
    const got = await client.send(new GetScheduleCommand({ Name: 'described' }));
    expect(got).toMatchObject({
      Arn: arnOf('default', 'described'),
      Name: 'described',
      GroupName: 'default',
      Description: 'a reminder',
      ScheduleExpression: input.ScheduleExpression,
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: input.Target,
    });
    expect(got.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs((got.CreationDate as Date).getTime() - Date.now())).toBeLessThan(60_000);
    expect(got.LastModificationDate).toEqual(got.CreationDate);
  });

  it('answers GetSchedule and DeleteSchedule for an unknown schedule with ResourceNotFoundException', async () => {
    const { client } = await start();
    const get = client.send(new GetScheduleCommand({ Name: 'ghost', GroupName: 'chatty' }));
    await expect(get).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(get).rejects.toMatchObject({
      message: 'Schedule ghost does not exist.',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      client.send(new DeleteScheduleCommand({ Name: 'ghost', GroupName: 'chatty' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('deletes a pending schedule with DeleteSchedule, so it never runs', async () => {
    const { client, scheduler, bus, delivered } = await start();
    await client.send(
      new CreateScheduleCommand(reminder('cancelled', { ScheduleExpression: atIn(3_600_000) })),
    );
    await client.send(new DeleteScheduleCommand({ Name: 'cancelled', GroupName: 'chatty' }));
    expect(scheduler.pending()).toEqual([]);
    await expect(
      client.send(new GetScheduleCommand({ Name: 'cancelled', GroupName: 'chatty' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await bus.idle();
    expect(delivered).toEqual([]);
  });

  it('replaces a schedule with UpdateSchedule and refuses to update one that does not exist', async () => {
    const { client, scheduler } = await start();
    await client.send(new CreateScheduleCommand(reminder('moved', { ScheduleExpression: atIn(3_600_000) })));
    await client.send(
      new UpdateScheduleCommand({
        ...reminder('moved', { ScheduleExpression: atIn(7_200_000) }),
        State: 'DISABLED',
      }),
    );
    const moved = await client.send(new GetScheduleCommand({ Name: 'moved', GroupName: 'chatty' }));
    expect(moved.State).toBe('DISABLED');
    expect(scheduler.pending()).toEqual([]);
    await expect(client.send(new UpdateScheduleCommand(reminder('absent')))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('lists schedules filtered by group, name prefix and state', async () => {
    const { client } = await start();
    const later = atIn(3_600_000);
    await client.send(new CreateScheduleCommand(reminder('pyro-a', { ScheduleExpression: later })));
    await client.send(
      new CreateScheduleCommand(reminder('pyro-b', { ScheduleExpression: later, State: 'DISABLED' })),
    );
    await client.send(new CreateScheduleCommand(reminder('other', { ScheduleExpression: later })));
    await client.send(
      new CreateScheduleCommand(reminder('pyro-c', { ScheduleExpression: later, GroupName: 'default' })),
    );
    const names = async (input: ListSchedulesCommandInput) =>
      ((await client.send(new ListSchedulesCommand(input))).Schedules ?? []).map(
        (s) => `${s.GroupName}/${s.Name}`,
      );

    expect(await names({})).toEqual(['chatty/other', 'chatty/pyro-a', 'chatty/pyro-b', 'default/pyro-c']);
    expect(await names({ GroupName: 'chatty' })).toEqual(['chatty/other', 'chatty/pyro-a', 'chatty/pyro-b']);
    expect(await names({ NamePrefix: 'pyro-' })).toEqual([
      'chatty/pyro-a',
      'chatty/pyro-b',
      'default/pyro-c',
    ]);
    expect(await names({ State: 'DISABLED' })).toEqual(['chatty/pyro-b']);
    const [summary] = (await client.send(new ListSchedulesCommand({ NamePrefix: 'pyro-a' }))).Schedules ?? [];
    expect(summary).toMatchObject({
      Arn: arnOf('chatty', 'pyro-a'),
      Name: 'pyro-a',
      GroupName: 'chatty',
      State: 'ENABLED',
      Target: { Arn: busArn },
    });
    expect(summary?.CreationDate).toBeInstanceOf(Date);
  });

  it('pages ListSchedules with MaxResults and NextToken', async () => {
    const { client } = await start();
    for (const name of ['s1', 's2', 's3', 's4', 's5']) {
      await client.send(new CreateScheduleCommand(reminder(name, { ScheduleExpression: atIn(3_600_000) })));
    }
    const first = await client.send(new ListSchedulesCommand({ MaxResults: 2 }));
    expect(first.Schedules?.map((s) => s.Name)).toEqual(['s1', 's2']);
    expect(first.NextToken).toEqual(expect.any(String));

    const pages: string[][] = [];
    for await (const page of paginateListSchedules({ client, pageSize: 2 }, {})) {
      pages.push((page.Schedules ?? []).map((s) => s.Name ?? ''));
    }
    expect(pages).toEqual([['s1', 's2'], ['s3', 's4'], ['s5']]);
    await expect(client.send(new ListSchedulesCommand({ NextToken: 'not-a-token' }))).rejects.toBeInstanceOf(
      ValidationException,
    );
  });
});

describe('the local EventBridge Scheduler starting', () => {
  it('refuses to start on a port that is taken', async () => {
    const { scheduler, bus } = await start();
    const port = Number(new URL(scheduler.url).port);
    await expect(startScheduler({ eventBusUrl: bus.url, port })).rejects.toThrow(/EADDRINUSE/);
  });
});
