import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  GetScheduleCommand,
  ListSchedulesCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  busArn,
  reminder,
  roleArn,
  type SchedulerFixture,
  signedFetch,
  startSchedulerFixture,
} from './scheduler-fixture';

let fixture: SchedulerFixture;
beforeAll(async () => {
  fixture = await startSchedulerFixture();
});
afterAll(() => fixture.close());

/** Creates `input` and expects AWS's ValidationException (400) with `message`; nothing is scheduled. */
async function refused(input: CreateScheduleCommandInput, message: string | RegExp) {
  const create = fixture.client.send(new CreateScheduleCommand(input));
  await expect(create).rejects.toBeInstanceOf(ValidationException);
  await expect(create).rejects.toMatchObject({
    message: typeof message === 'string' ? message : expect.stringMatching(message),
    $metadata: { httpStatusCode: 400 },
  });
  expect(fixture.scheduler.pending()).toEqual([]);
}

const target = reminder('x').Target as NonNullable<CreateScheduleCommandInput['Target']>;

describe('the local EventBridge Scheduler validates names and groups', () => {
  it('refuses a schedule name longer than 64 characters', async () => {
    const name = 'n'.repeat(65);
    await refused(
      reminder(name),
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });

  it('refuses a schedule name outside [0-9a-zA-Z-_.]', async () => {
    await refused(
      reminder('remind me'),
      "1 validation error detected: Value 'remind me' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$",
    );
    await refused(
      reminder('a/b'),
      /at 'name' failed to satisfy constraint: Member must satisfy regular expression/,
    );
  });

  it('refuses a malformed group name, in a request body and in a query', async () => {
    await refused(reminder('ok', { GroupName: 'my group' }), /Value 'my group' at 'groupName' failed/);
    await expect(
      fixture.client.send(new GetScheduleCommand({ Name: 'ok', GroupName: 'g'.repeat(65) })),
    ).rejects.toBeInstanceOf(ValidationException);
  });

  it('reports every failed constraint of a request at once', async () => {
    await refused(
      reminder('bad name', { ActionAfterCompletion: 'KEEP' as 'NONE' }),
      /^2 validation errors detected: Value 'bad name' at 'name' .*; Value 'KEEP' at 'actionAfterCompletion' failed to satisfy constraint: Member must satisfy enum value set: \[NONE, DELETE\]$/,
    );
  });
});

describe('the local EventBridge Scheduler validates when a schedule runs', () => {
  it('refuses a malformed at() expression with "Invalid Schedule Expression"', async () => {
    for (const expression of [
      'at(2030-05-01 12:00)',
      'at(2030-05-01T12:00)',
      'at(2030-05-01T12:00:00Z)',
      'at(2030-02-30T12:00:00)',
      'at(2030-05-01T24:00:00)',
      'tomorrow',
    ]) {
      await refused(
        reminder('when', { ScheduleExpression: expression }),
        `Invalid Schedule Expression ${expression}`,
      );
    }
  });

  it('refuses rate() and cron() expressions, which AWS runs but this stand-in does not', async () => {
    for (const expression of ['rate(5 minutes)', 'cron(0 12 * * ? *)']) {
      await refused(
        reminder('recurring', { ScheduleExpression: expression }),
        /^Not supported by the local EventBridge Scheduler: .*one-time at\(\) schedules only/,
      );
    }
  });

  it('refuses an unknown or over-long ScheduleExpressionTimezone', async () => {
    await refused(
      reminder('zone', { ScheduleExpressionTimezone: 'Mars/Olympus_Mons' }),
      /Mars\/Olympus_Mons/,
    );
    await refused(
      reminder('zone', { ScheduleExpressionTimezone: 'Z'.repeat(51) }),
      /at 'scheduleExpressionTimezone' failed to satisfy constraint: Member must have length less than or equal to 50/,
    );
  });

  it('accepts an at() time in another time zone', async () => {
    await fixture.client.send(
      new CreateScheduleCommand(
        reminder('in-kolkata', {
          ScheduleExpression: 'at(2099-01-01T09:00:00)',
          ScheduleExpressionTimezone: 'Asia/Kolkata',
        }),
      ),
    );
    expect(fixture.scheduler.pending()).toEqual(['in-kolkata']);
    await signedFetch(fixture.scheduler.url, {
      method: 'DELETE',
      path: '/schedules/in-kolkata?groupName=chatty',
    });
  });

  it('requires FlexibleTimeWindow, a known Mode, and a 1–1440 minute window when FLEXIBLE', async () => {
    await refused(
      reminder('flex', { FlexibleTimeWindow: undefined }),
      "1 validation error detected: Value null at 'flexibleTimeWindow' failed to satisfy constraint: Member must not be null",
    );
    await refused(
      reminder('flex', { FlexibleTimeWindow: { Mode: 'SOMETIMES' as 'OFF' } }),
      /Value 'SOMETIMES' at 'flexibleTimeWindow.mode' failed to satisfy constraint: Member must satisfy enum value set: \[OFF, FLEXIBLE\]/,
    );
    await refused(
      reminder('flex', { FlexibleTimeWindow: { Mode: 'FLEXIBLE' } }),
      /MaximumWindowInMinutes is required/,
    );
    await refused(
      reminder('flex', { FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 0 } }),
      /Value '0' at 'flexibleTimeWindow.maximumWindowInMinutes' failed to satisfy constraint: Member must have value greater than or equal to 1/,
    );
    await refused(
      reminder('flex', { FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 1441 } }),
      /Member must have value less than or equal to 1440/,
    );
  });

  it('refuses an unknown State or ActionAfterCompletion', async () => {
    await refused(
      reminder('s', { State: 'PAUSED' as 'ENABLED' }),
      /at 'state' failed .*\[ENABLED, DISABLED\]/,
    );
    await refused(
      reminder('s', { ActionAfterCompletion: 'KEEP' as 'NONE' }),
      /at 'actionAfterCompletion' failed/,
    );
  });
});

describe('the local EventBridge Scheduler validates the target', () => {
  it('requires a target with an IAM role ARN', async () => {
    await refused(
      reminder('t', { Target: undefined }),
      /Value null at 'target' failed .*Member must not be null/,
    );
    await refused(
      reminder('t', { Target: { ...target, RoleArn: 'chatty-scheduler' } }),
      "1 validation error detected: Value 'chatty-scheduler' at 'target.roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$",
    );
    await refused(
      reminder('t', { Target: { ...target, RoleArn: 'arn:aws:iam::0:role/x' } }),
      /at 'target.roleArn' failed/,
    );
  });

  it('refuses a target that is not an event bus, which this stand-in cannot invoke', async () => {
    await refused(
      reminder('to-lambda', {
        Target: { ...target, Arn: 'arn:aws:lambda:us-east-1:000000000000:function:Bot' },
      }),
      /^Not supported by the local EventBridge Scheduler: Target.Arn arn:aws:lambda:.*event bus target/,
    );
    await refused(
      reminder('to-sqs', { Target: { ...target, SqsParameters: { MessageGroupId: 'g' } } }),
      /^Not supported by the local EventBridge Scheduler: Target.SqsParameters/,
    );
  });

  it('requires well-formed JSON Input for an EventBridge target', async () => {
    await refused(
      reminder('input', { Target: { ...target, Input: 'stretch' } }),
      /Target.Input must be well-formed JSON/,
    );
    await refused(
      reminder('input', { Target: { ...target, Input: '' } }),
      /Value '' at 'target.input' failed to satisfy constraint: Member must have length greater than or equal to 1/,
    );
  });

  it('requires EventBridgeParameters with a DetailType and a Source that is not aws.*', async () => {
    await refused(
      reminder('eb', { Target: { Arn: busArn, RoleArn: roleArn, Input: '{}' } }),
      /EventBridgeParameters \(DetailType and Source\) are required/,
    );
    await refused(
      reminder('eb', {
        Target: { ...target, EventBridgeParameters: { DetailType: 'ReminderDue', Source: 'aws.events' } },
      }),
      /Value 'aws.events' at 'target.eventBridgeParameters.source' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    await refused(
      reminder('eb', {
        Target: { ...target, EventBridgeParameters: { DetailType: 'd'.repeat(129), Source: 'chatty' } },
      }),
      /at 'target.eventBridgeParameters.detailType' failed to satisfy constraint: Member must have length less than or equal to 128/,
    );
  });

  it('checks the retry policy and dead-letter queue ranges and formats', async () => {
    await refused(
      reminder('retry', {
        Target: { ...target, RetryPolicy: { MaximumRetryAttempts: 186, MaximumEventAgeInSeconds: 59 } },
      }),
      /^2 validation errors detected: .*maximumEventAgeInSeconds.*greater than or equal to 60; .*maximumRetryAttempts.*less than or equal to 185$/,
    );
    await refused(
      reminder('dlq', { Target: { ...target, DeadLetterConfig: { Arn: 'my-queue' } } }),
      /at 'target.deadLetterConfig.arn' failed/,
    );
  });
});

describe('the local EventBridge Scheduler reads requests as AWS does', () => {
  it('refuses a body that is not a JSON object with SerializationException', async () => {
    for (const body of ['{not json', '[1,2]']) {
      const res = await signedFetch(fixture.scheduler.url, { method: 'POST', path: '/schedules/raw', body });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
      expect(await res.json()).toEqual({ Message: expect.any(String) });
    }
  });

  it('refuses a member of the wrong JSON type with SerializationException', async () => {
    const body = JSON.stringify({ ...reminder('typed'), Name: undefined, FlexibleTimeWindow: 'OFF' });
    const res = await signedFetch(fixture.scheduler.url, { method: 'POST', path: '/schedules/typed', body });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
  });

  it('answers a path that is no operation with 404 UnknownOperationException', async () => {
    const res = await signedFetch(fixture.scheduler.url, { method: 'GET', path: '/schedule-groups' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const patch = await signedFetch(fixture.scheduler.url, {
      method: 'PATCH',
      path: '/schedules/x',
      body: '{}',
    });
    expect(patch.status).toBe(404);
  });

  it('validates the ListSchedules query', async () => {
    for (const input of [
      { MaxResults: 0 },
      { MaxResults: 101 },
      { State: 'PAUSED' as 'ENABLED' },
      { NamePrefix: 'a b' },
    ]) {
      await expect(fixture.client.send(new ListSchedulesCommand(input))).rejects.toBeInstanceOf(
        ValidationException,
      );
    }
    const res = await signedFetch(fixture.scheduler.url, {
      method: 'GET',
      path: '/schedules?MaxResults=many',
    });
    expect(res.status).toBe(400);
  });
});
