/**
 * Local stand-in for Amazon EventBridge Scheduler, enough for Pyro's reminders: `CreateSchedule` (restJson,
 * `POST /schedules/{Name}`) with a one-time `at(yyyy-mm-ddThh:mm:ss)` expression and an EventBridge target.
 * When a schedule falls due it puts the target's event on the local bus through the real EventBridge client,
 * as the service would with the target's role, and then deletes itself (ActionAfterCompletion DELETE).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { listen, readBody } from './listen';
import { localCredentials, type RunningService } from './types';

export interface SchedulerOptions {
  /** Where the local EventBridge stand-in listens. */
  eventBusUrl: string;
  port?: number;
  /**
   * Multiplies the wait until a schedule fires: 1 is real time; tests pass e.g. 0.01 so a reminder "in one
   * minute" arrives in 0.6 s.
   */
  timeScale?: number;
}

export interface LocalScheduler extends RunningService {
  /** Names of the schedules waiting to fire. */
  pending(): string[];
}

interface Schedule {
  name: string;
  timer: NodeJS.Timeout;
}

const AT_EXPRESSION = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;
const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;

class SchedulerError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function startScheduler(options: SchedulerOptions): Promise<LocalScheduler> {
  const bus = new EventBridgeClient({
    endpoint: options.eventBusUrl,
    region: localCredentials.region,
    credentials: localCredentials,
  });
  const schedules = new Map<string, Schedule>();
  const scale = options.timeScale ?? 1;

  const fire = async (key: string, target: Record<string, unknown>) => {
    schedules.delete(key);
    const parameters = (target.EventBridgeParameters ?? {}) as Record<string, unknown>;
    await bus
      .send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: String(target.Arn),
              Source: String(parameters.Source),
              DetailType: String(parameters.DetailType),
              Detail: typeof target.Input === 'string' ? target.Input : '{}',
            },
          ],
        }),
      )
      .catch((err: unknown) =>
        console.error(`[Scheduler] could not put the event of ${key}: ${String(err)}`),
      );
  };

  const createSchedule = (name: string, input: Record<string, unknown>) => {
    if (!NAME.test(name))
      throw new SchedulerError('ValidationException', `Invalid schedule name ${name}`, 400);
    const group = typeof input.GroupName === 'string' ? input.GroupName : 'default';
    const key = `${group}/${name}`;
    if (schedules.has(key))
      throw new SchedulerError('ConflictException', `Schedule ${name} already exists.`, 409);
    const match = AT_EXPRESSION.exec(String(input.ScheduleExpression ?? ''));
    if (!match) {
      throw new SchedulerError(
        'ValidationException',
        'This stand-in supports one-time at(...) expressions only',
        400,
      );
    }
    const target = input.Target as Record<string, unknown> | undefined;
    const parameters = target?.EventBridgeParameters as Record<string, unknown> | undefined;
    if (
      !target ||
      typeof target.Arn !== 'string' ||
      !target.Arn.startsWith('arn:aws:events:') ||
      !parameters
    ) {
      throw new SchedulerError(
        'ValidationException',
        'The target must be an event bus with EventBridgeParameters',
        400,
      );
    }
    // at() is in ScheduleExpressionTimezone; only UTC is used here.
    const due = Date.parse(`${match[1]}Z`);
    const delay = Math.max(0, (due - Date.now()) * scale);
    const timer = setTimeout(() => void fire(key, target), delay);
    schedules.set(key, { name, timer });
    return {
      ScheduleArn: `arn:aws:scheduler:${localCredentials.region}:${localCredentials.accountId}:schedule/${key}`,
    };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/schedules\/([^/?]+)/.exec(req.url ?? '');
    readBody(req)
      .then(({ body }) => {
        if (req.method !== 'POST' || !match)
          throw new SchedulerError('ResourceNotFoundException', 'Not supported', 404);
        const input = body.length ? JSON.parse(body.toString('utf8')) : {};
        return createSchedule(decodeURIComponent(match[1] as string), input);
      })
      .then(
        (output) => send(res, 200, output),
        (err: unknown) => {
          const error =
            err instanceof SchedulerError
              ? err
              : new SchedulerError('InternalServerException', String(err), 500);
          // restJson errors: the SDK picks the exception class from this header.
          send(res, error.status, { message: error.message }, error.type);
        },
      );
  });
  const service = await listen(server, options.port);
  return {
    url: service.url,
    pending: () => [...schedules.values()].map((s) => s.name),
    async close() {
      for (const s of schedules.values()) clearTimeout(s.timer);
      schedules.clear();
      bus.destroy();
      await service.close();
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers).end(JSON.stringify(body));
}
