/**
 * Reads a CreateSchedule / UpdateSchedule request into a schedule definition, refusing what AWS refuses:
 * first the model's constraints (lengths, patterns, enums, ranges, required members), all reported together, then
 * the rules the service checks beyond the model (a real `at()` date, a known time zone, a window for FLEXIBLE, JSON
 * input for an EventBridge target).
 */
import {
  Constraints,
  enums,
  ranges,
  type SchedulerError,
  serializationError,
  shapes,
  validationError,
} from './scheduler-constraints';
import { isKnownTimeZone, parseAtExpression, type WallClock, zonedToEpoch } from './scheduler-timing';

export type ScheduleState = (typeof enums.scheduleState)[number];
export type ActionAfterCompletion = (typeof enums.actionAfterCompletion)[number];

/** A schedule as the API describes it (GetSchedule's members, timestamps in epoch seconds). */
export interface ScheduleDefinition {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  Description?: string;
  State: ScheduleState;
  StartDate?: number;
  EndDate?: number;
  KmsKeyArn?: string;
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  ActionAfterCompletion: ActionAfterCompletion;
  Target: ScheduleTarget;
}

export interface ScheduleTarget {
  Arn: string;
  RoleArn: string;
  Input?: string;
  EventBridgeParameters: { DetailType: string; Source: string };
  RetryPolicy?: { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number };
  DeadLetterConfig?: { Arn?: string };
}

export interface ValidatedSchedule {
  definition: ScheduleDefinition;
  clientToken?: string;
  /** When the `at()` expression is due (epoch ms), before precision and the flexible window apply. */
  dueAt: number;
}

const EVENT_BUS_ARN = /^arn:aws(-[a-z]+)?:events:[a-z0-9-]+:\d{12}:event-bus\/[\w.\-/]+$/;

/** The schedule name of the URL path (`/schedules/{Name}`), checked against the model's Name shape. */
export function validateName(name: string): string {
  const c = new Constraints();
  c.string('name', name, shapes.name, true);
  c.throwIfAny();
  return name;
}

/** The optional group of a request (`GroupName` member or `groupName` query), `default` when absent. */
export function validateGroupName(group: unknown, path = 'groupName'): string {
  const c = new Constraints();
  const value = c.string(path, group, shapes.groupName);
  c.throwIfAny();
  return value ?? 'default';
}

export function validateSchedule(name: string, body: Record<string, unknown>): ValidatedSchedule {
  const c = new Constraints();
  c.string('name', name, shapes.name, true);
  const group = c.string('groupName', body.GroupName, shapes.groupName);
  const expression = c.string('scheduleExpression', body.ScheduleExpression, shapes.scheduleExpression, true);
  const timezone = c.string('scheduleExpressionTimezone', body.ScheduleExpressionTimezone, shapes.timezone);
  const description = c.string('description', body.Description, shapes.description);
  const state = c.string('state', body.State, { enum: enums.scheduleState });
  const action = c.string('actionAfterCompletion', body.ActionAfterCompletion, {
    enum: enums.actionAfterCompletion,
  });
  const clientToken = c.string('clientToken', body.ClientToken, shapes.clientToken);
  const kmsKeyArn = c.string('kmsKeyArn', body.KmsKeyArn, shapes.kmsKeyArn);
  const startDate = c.timestamp('startDate', body.StartDate);
  const endDate = c.timestamp('endDate', body.EndDate);

  const window = c.object('flexibleTimeWindow', body.FlexibleTimeWindow, true);
  const mode =
    window && c.string('flexibleTimeWindow.mode', window.Mode, { enum: enums.flexibleTimeWindowMode }, true);
  const maxWindow =
    window &&
    c.integer(
      'flexibleTimeWindow.maximumWindowInMinutes',
      window.MaximumWindowInMinutes,
      ranges.maximumWindowInMinutes,
    );

  const target = c.object('target', body.Target, true);
  const targetArn = target && c.string('target.arn', target.Arn, shapes.targetArn, true);
  const roleArn = target && c.string('target.roleArn', target.RoleArn, shapes.roleArn, true);
  const input = target && c.string('target.input', target.Input, shapes.input);
  const ebParameters = target && c.object('target.eventBridgeParameters', target.EventBridgeParameters);
  const detailType =
    ebParameters &&
    c.string('target.eventBridgeParameters.detailType', ebParameters.DetailType, shapes.detailType, true);
  const source =
    ebParameters && c.string('target.eventBridgeParameters.source', ebParameters.Source, shapes.source, true);
  const retry = target && c.object('target.retryPolicy', target.RetryPolicy);
  const maxAge =
    retry &&
    c.integer(
      'target.retryPolicy.maximumEventAgeInSeconds',
      retry.MaximumEventAgeInSeconds,
      ranges.maximumEventAgeInSeconds,
    );
  const maxRetries =
    retry &&
    c.integer(
      'target.retryPolicy.maximumRetryAttempts',
      retry.MaximumRetryAttempts,
      ranges.maximumRetryAttempts,
    );
  const dlq = target && c.object('target.deadLetterConfig', target.DeadLetterConfig);
  const dlqArn = dlq && c.string('target.deadLetterConfig.arn', dlq.Arn, shapes.deadLetterArn);
  for (const other of [
    'EcsParameters',
    'KinesisParameters',
    'SageMakerPipelineParameters',
    'SqsParameters',
  ]) {
    if (target?.[other] !== undefined)
      throw standIn(`Target.${other}: this stand-in only puts events on a bus.`);
  }
  c.throwIfAny();
  // Past this point every required member is present (the constraints above would have thrown).
  const must = <T>(value: T | undefined): T => {
    if (value === undefined) throw serializationError('Missing member');
    return value;
  };

  const zone = timezone ?? 'UTC';
  const clock = readExpression(must(expression));
  // AWS does not document its wording for an unknown zone; the message names the member and the value.
  if (!isKnownTimeZone(zone)) throw validationError(`Invalid ScheduleExpressionTimezone ${zone}`);
  if (mode === 'FLEXIBLE' && maxWindow === undefined) {
    throw validationError('MaximumWindowInMinutes is required when FlexibleTimeWindow Mode is FLEXIBLE');
  }
  if (!EVENT_BUS_ARN.test(must(targetArn))) {
    throw standIn(`Target.Arn ${targetArn}: this stand-in only supports an EventBridge event bus target.`);
  }
  // The EventBridge PutEvents templated target needs both fields to build the event.
  if (detailType === undefined || source === undefined) {
    throw validationError(
      'EventBridgeParameters (DetailType and Source) are required for an event bus target',
    );
  }
  // "If you are configuring a templated Lambda, AWS Step Functions, or Amazon EventBridge target, the input must
  // be a well-formed JSON" (Target.Input, EventBridge Scheduler API Reference).
  if (input !== undefined && !isJson(input)) {
    throw validationError('Target.Input must be well-formed JSON for an EventBridge target');
  }

  const definition: ScheduleDefinition = {
    Name: name,
    GroupName: group ?? 'default',
    ScheduleExpression: must(expression),
    ...(timezone !== undefined && { ScheduleExpressionTimezone: timezone }),
    ...(description !== undefined && { Description: description }),
    State: (state as ScheduleState | undefined) ?? 'ENABLED',
    ...(startDate !== undefined && { StartDate: startDate }),
    ...(endDate !== undefined && { EndDate: endDate }),
    ...(kmsKeyArn !== undefined && { KmsKeyArn: kmsKeyArn }),
    FlexibleTimeWindow: {
      Mode: must(mode) as 'OFF' | 'FLEXIBLE',
      ...(maxWindow !== undefined && { MaximumWindowInMinutes: maxWindow }),
    },
    ActionAfterCompletion: (action as ActionAfterCompletion | undefined) ?? 'NONE',
    Target: {
      Arn: must(targetArn),
      RoleArn: must(roleArn),
      ...(input !== undefined && { Input: input }),
      EventBridgeParameters: { DetailType: detailType, Source: source },
      ...(retry && {
        RetryPolicy: {
          ...(maxAge !== undefined && { MaximumEventAgeInSeconds: maxAge }),
          ...(maxRetries !== undefined && { MaximumRetryAttempts: maxRetries }),
        },
      }),
      ...(dlq && { DeadLetterConfig: { ...(dlqArn !== undefined && { Arn: dlqArn }) } }),
    },
  };
  return {
    definition,
    ...(clientToken !== undefined && { clientToken }),
    dueAt: zonedToEpoch(clock, zone),
  };
}

/**
 * `at()` is run; `rate()` and `cron()` are valid on AWS but refused here: this stand-in runs one-time schedules only
 * (all Pyro needs), and accepting a recurring schedule it would never run would hide the gap. Anything else is
 * AWS's `Invalid Schedule Expression <expression>`.
 */
function readExpression(expression: string): WallClock {
  const clock = parseAtExpression(expression);
  if (clock) return clock;
  if (/^(rate|cron)\(.*\)$/.test(expression)) {
    throw standIn(
      `${expression}: this stand-in runs one-time at() schedules only (rate and cron run on AWS).`,
    );
  }
  throw validationError(`Invalid Schedule Expression ${expression}`);
}

/** What AWS accepts but this stand-in does not implement: a ValidationException that says so. */
function standIn(detail: string): SchedulerError {
  return validationError(`Not supported by the local EventBridge Scheduler: ${detail}`);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
