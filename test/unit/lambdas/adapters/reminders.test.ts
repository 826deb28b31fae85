import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  InternalServerException,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  atExpression,
  reminderIdFor,
  SchedulerReminders,
  scheduleName,
} from '../../../../lambdas/adapters/reminders';
import type { ReminderRequest } from '../../../../lambdas/core/bot/ports';

const scheduler = mockClient(SchedulerClient);
afterEach(() => {
  scheduler.reset();
});

const config = {
  groupName: 'chatty-reminders',
  roleArn: 'arn:aws:iam::123456789012:role/chatty-scheduler',
  eventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/chatty',
};

const request: ReminderRequest = {
  roomId: 'lobby',
  name: 'Ana',
  text: 'stretch',
  at: new Date('2026-03-14T15:19:26.535Z'),
  requestId: 'm-42',
};

function reminders() {
  return new SchedulerReminders(new SchedulerClient({ region: 'us-east-1' }), config);
}

describe('SchedulerReminders', () => {
  it('creates a one-time UTC schedule that puts a ReminderDue event on the bus and deletes itself', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:…' });
    const result = await reminders().schedule(request);

    const reminderId = reminderIdFor('lobby', 'm-42');
    expect(result).toEqual({ kind: 'scheduled', reminderId });
    const calls = scheduler.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      Name: `pyro-reminder-${reminderId}`,
      GroupName: 'chatty-reminders',
      ScheduleExpression: 'at(2026-03-14T15:19:26)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: config.eventBusArn,
        RoleArn: config.roleArn,
        EventBridgeParameters: { Source: 'chatty', DetailType: 'ReminderDue' },
        Input: expect.any(String),
      },
    });
    expect(JSON.parse(calls[0]?.args[0].input.Target?.Input ?? '')).toEqual({
      roomId: 'lobby',
      name: 'Ana',
      text: 'stretch',
      reminderId,
    });
  });

  it('names schedules within the 64-character limit and allowed characters, one name per asking message', () => {
    const name = scheduleName(reminderIdFor('a-room-with-a-long-name'.repeat(5), 'm#1/+=x'));
    expect(name).toMatch(/^[0-9a-zA-Z\-_.]{1,64}$/);
    expect(reminderIdFor('lobby', 'm-1')).toBe(reminderIdFor('lobby', 'm-1'));
    expect(reminderIdFor('lobby', 'm-1')).not.toBe(reminderIdFor('lobby', 'm-2'));
    expect(reminderIdFor('lobby', 'm-1')).not.toBe(reminderIdFor('attic', 'm-1'));
  });

  it('treats an existing schedule of the same name as already scheduled (a redelivered event)', async () => {
    scheduler.on(CreateScheduleCommand).rejects(
      new ConflictException({
        message: 'Schedule already exists.',
        Message: 'Schedule already exists.',
        $metadata: { httpStatusCode: 409 },
      }),
    );
    expect(await reminders().schedule(request)).toEqual({
      kind: 'scheduled',
      reminderId: reminderIdFor('lobby', 'm-42'),
    });
  });

  it('turns a ValidationException into a rejected result with its message', async () => {
    scheduler.on(CreateScheduleCommand).rejects(
      new ValidationException({
        message: 'Invalid Schedule Expression at(2020-01-01T00:00:00).',
        Message: 'Invalid Schedule Expression at(2020-01-01T00:00:00).',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    expect(await reminders().schedule(request)).toEqual({
      kind: 'rejected',
      reason: 'ValidationException: Invalid Schedule Expression at(2020-01-01T00:00:00).',
    });
  });

  it('turns throttling, server errors and network failures into an unavailable result', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejectsOnce(
        new ThrottlingException({
          message: 'Rate exceeded',
          Message: 'Rate exceeded',
          $metadata: { httpStatusCode: 429 },
        }),
      )
      .rejectsOnce(
        new InternalServerException({
          message: 'Internal error',
          Message: 'Internal error',
          $metadata: { httpStatusCode: 500 },
        }),
      )
      .rejectsOnce(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { name: 'Error' }));
    const r = reminders();
    expect(await r.schedule(request)).toEqual({
      kind: 'unavailable',
      reason: 'ThrottlingException: Rate exceeded',
    });
    expect(await r.schedule(request)).toEqual({
      kind: 'unavailable',
      reason: 'InternalServerException: Internal error',
    });
    expect(await r.schedule(request)).toEqual({
      kind: 'unavailable',
      reason: 'Error: connect ECONNREFUSED 127.0.0.1:4566',
    });
  });
});

describe('atExpression', () => {
  it('writes the UTC time to the second without a zone suffix', () => {
    expect(atExpression(new Date('2026-12-31T23:59:59.999Z'))).toBe('at(2026-12-31T23:59:59)');
  });

  it('cancels by deleting the schedule the asking message named', async () => {
    scheduler.on(DeleteScheduleCommand).resolves({});
    expect(await reminders().cancel('lobby', 'm-42')).toEqual({ kind: 'cancelled' });
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]?.args[0].input).toEqual({
      Name: scheduleName(reminderIdFor('lobby', 'm-42')),
      GroupName: 'chatty-reminders',
    });
  });

  it('reports a schedule that is gone (fired and deleted itself) as not found, and other failures as unavailable', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .rejectsOnce(
        new ResourceNotFoundException({
          message: 'Schedule not found.',
          Message: 'Schedule not found.',
          $metadata: { httpStatusCode: 404 },
        }),
      )
      .rejectsOnce(
        new ThrottlingException({
          message: 'Rate exceeded',
          Message: 'Rate exceeded',
          $metadata: { httpStatusCode: 429 },
        }),
      );
    const r = reminders();
    expect(await r.cancel('lobby', 'm-42')).toEqual({ kind: 'notFound' });
    expect(await r.cancel('lobby', 'm-42')).toEqual({
      kind: 'unavailable',
      reason: 'ThrottlingException: Rate exceeded',
    });
  });
});
