import { createHash } from 'node:crypto';
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { detailTypes, EVENT_SOURCE } from '../contract/events';
import type { CancelResult, ReminderRequest, ReminderResult, Reminders } from '../core/bot/ports';

export interface ReminderSchedulerConfig {
  /** Schedule group (SCHEDULER_GROUP). */
  groupName: string;
  /** Role EventBridge Scheduler assumes to put the event (SCHEDULER_ROLE_ARN). */
  roleArn: string;
  /** The chat bus (EVENT_BUS_ARN); the schedule puts `ReminderDue` on it and the bus rule wakes the bot. */
  eventBusArn: string;
}

export const reminderSource = EVENT_SOURCE;
export const reminderDetailType = detailTypes.reminderDue;

/** One-time EventBridge Scheduler schedules that put a `ReminderDue` event on the bus when they fall due. */
export class SchedulerReminders implements Reminders {
  constructor(
    private readonly client: SchedulerClient,
    private readonly config: ReminderSchedulerConfig,
  ) {}

  async schedule(request: ReminderRequest): Promise<ReminderResult> {
    const reminderId = reminderIdFor(request.roomId, request.requestId);
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: scheduleName(reminderId),
          GroupName: this.config.groupName,
          ScheduleExpression: atExpression(request.at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          // Without this a fired one-time schedule stays around and counts against the account quota.
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: this.config.eventBusArn,
            RoleArn: this.config.roleArn,
            EventBridgeParameters: { Source: reminderSource, DetailType: reminderDetailType },
            // For an EventBridge target, Input becomes the event's `detail`.
            Input: JSON.stringify({
              roomId: request.roomId,
              name: request.name,
              text: request.text,
              reminderId,
            }),
          },
        }),
      );
      return { kind: 'scheduled', reminderId };
    } catch (err) {
      return classify(err, reminderId);
    }
  }

  async cancel(roomId: string, requestId: string): Promise<CancelResult> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({
          Name: scheduleName(reminderIdFor(roomId, requestId)),
          GroupName: this.config.groupName,
        }),
      );
      return { kind: 'cancelled' };
    } catch (err) {
      // A fired one-time schedule deletes itself (ActionAfterCompletion), so "not found" means it went off.
      if (err instanceof Error && err.name === 'ResourceNotFoundException') return { kind: 'notFound' };
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return { kind: 'unavailable', reason };
    }
  }
}

/**
 * Deterministic per asking message: a redelivered event (EventBridge delivers at least once) asks for the same
 * name and gets ConflictException instead of a second reminder.
 */
export function reminderIdFor(roomId: string, requestId: string): string {
  return createHash('sha256').update(`${roomId}\n${requestId}`).digest('hex').slice(0, 32);
}

/** Names allow [0-9a-zA-Z-_.], 1–64 characters: "pyro-reminder-" + 32 hex = 46. */
export function scheduleName(reminderId: string): string {
  return `pyro-reminder-${reminderId}`;
}

/** `at(yyyy-mm-ddThh:mm:ss)`: no milliseconds, no zone suffix (the zone is ScheduleExpressionTimezone). */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

function classify(err: unknown, reminderId: string): ReminderResult {
  // SDK v3 errors are identified by `name` (the modeled exception), not by an HTTP status field.
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  switch (name) {
    case 'ConflictException':
      // Same name already scheduled: this request was already handled once.
      return { kind: 'scheduled', reminderId };
    case 'ValidationException':
    case 'ServiceQuotaExceededException':
      return { kind: 'rejected', reason: `${name}: ${message}` };
    default:
      return { kind: 'unavailable', reason: `${name || 'Error'}: ${message}` };
  }
}
