/**
 * Local stand-in for Amazon EventBridge Scheduler over its REST-JSON API, as the real `@aws-sdk/client-scheduler`
 * calls it: CreateSchedule `POST /schedules/{Name}`, GetSchedule `GET /schedules/{Name}?groupName=`, UpdateSchedule
 * `PUT /schedules/{Name}`, DeleteSchedule `DELETE /schedules/{Name}?groupName=`, ListSchedules
 * `GET /schedules?ScheduleGroup=&NamePrefix=&State=&NextToken=&MaxResults=`.
 *
 * It runs one-time `at()` schedules whose target is an event bus: when one falls due it puts the target's event
 * on the local bus through the real EventBridge client, as the service does with the target's role. Errors are
 * AWS's: the exception name in `x-amzn-ErrorType` (what the SDK reads first to pick the exception class) and
 * `{"Message"}` in the body (the member the model gives every Scheduler exception). Like the real service it only
 * serves requests signed (SigV4, signing name `scheduler`) with the local credentials.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { listen, readBody } from './listen';
import { SchedulerError, serializationError } from './scheduler-constraints';
import { type ListQuery, ScheduleRegistry } from './scheduler-registry';
import { type StoredSchedule, scheduleStore } from './scheduler-store';
import { type SigningCredentials, signatureErrorType, verifySigV4 } from './sigv4';
import { localCredentials, type RunningService } from './types';

export interface SchedulerOptions {
  /** Where the local EventBridge stand-in listens. */
  eventBusUrl: string;
  port?: number;
  /**
   * Multiplies the wait until a schedule runs: 1 is real time; tests pass e.g. 0.001 so a reminder "in one
   * minute" arrives within about 0.1 s.
   */
  timeScale?: number;
  /** Schedule groups besides `default` (the CDK app creates the reminders' group). */
  groups?: string[];
  /** Keep the schedules in this JSON file (mode 0600) and reload them on start; absent: in memory only. */
  stateFile?: string;
  /** The credentials requests must be signed with; default: the local cloud's. */
  credentials?: SigningCredentials;
  /** Where in its minute (or flexible window) a schedule runs, in [0, 1); default Math.random. */
  random?: () => number;
}

export interface LocalScheduler extends RunningService {
  /** Names of the schedules waiting to run. */
  pending(): string[];
}

export async function startScheduler(options: SchedulerOptions): Promise<LocalScheduler> {
  const bus = new EventBridgeClient({
    endpoint: options.eventBusUrl,
    region: localCredentials.region,
    credentials: localCredentials,
  });
  const registry = new ScheduleRegistry({
    region: localCredentials.region,
    accountId: localCredentials.accountId,
    groups: options.groups ?? [],
    store: scheduleStore(options.stateFile),
    invoke: (schedule) => putTargetEvent(bus, schedule),
    timeScale: options.timeScale ?? 1,
    random: options.random ?? Math.random,
  });
  try {
    await registry.restore();
  } catch (err) {
    bus.destroy();
    throw err;
  }
  const credentials = options.credentials ?? localCredentials;

  const handle = async (req: IncomingMessage): Promise<unknown> => {
    const { body } = await readBody(req);
    const method = req.method ?? 'GET';
    const verdict = await verifySigV4(
      { method, url: req.url ?? '/', headers: req.headers, body },
      credentials,
      'scheduler',
    );
    // AWS's REST APIs refuse a request they cannot authenticate with 403, the exception name in
    // `x-amzn-ErrorType` and a lower-case `{"message"}` (the answer comes from the front door, before the
    // service's own model).
    if (!verdict.ok) throw new AuthError(signatureErrorType(verdict.code), verdict.reason);

    const url = new URL(req.url ?? '/', 'http://scheduler.local');
    if (url.pathname === '/schedules' && method === 'GET') {
      return registry.list(Object.fromEntries(url.searchParams) as ListQuery);
    }
    const match = /^\/schedules\/([^/]+)$/.exec(url.pathname);
    if (!match)
      throw new SchedulerError('UnknownOperationException', `No operation at ${method} ${url.pathname}`, 404);
    const name = decodeLabel(match[1] as string);
    const groupName = url.searchParams.get('groupName') ?? undefined;
    switch (method) {
      case 'POST':
        return registry.create(name, readJson(body));
      case 'PUT':
        return registry.update(name, readJson(body));
      case 'GET':
        return registry.get(name, groupName);
      case 'DELETE':
        return registry.delete(name, groupName);
      default:
        throw new SchedulerError(
          'UnknownOperationException',
          `No operation at ${method} ${url.pathname}`,
          404,
        );
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      (output) => reply(res, 200, output),
      (err: unknown) => {
        if (err instanceof AuthError) return reply(res, 403, { message: err.message }, err.type);
        const error =
          err instanceof SchedulerError
            ? err
            : new SchedulerError(
                'InternalServerException',
                err instanceof Error ? err.message : String(err),
                500,
              );
        reply(res, error.statusCode, { Message: error.message }, error.type);
      },
    );
  });
  let service: RunningService;
  try {
    service = await listen(server, options.port);
  } catch (err) {
    // The port is taken: stop the timers restore() armed.
    await registry.close();
    bus.destroy();
    throw err;
  }
  return {
    url: service.url,
    pending: () => registry.pending(),
    async close() {
      await registry.close();
      bus.destroy();
      await service.close();
    },
  };
}

class AuthError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The EventBridge PutEvents templated target: `Input` becomes the event's detail. Without Input AWS sends "a
 * default notification" whose shape it does not document; this stand-in sends `{}` then.
 */
async function putTargetEvent(bus: EventBridgeClient, schedule: StoredSchedule): Promise<void> {
  const { Target, Name } = schedule.definition;
  try {
    const out = await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: Target.Arn,
            Source: Target.EventBridgeParameters.Source,
            DetailType: Target.EventBridgeParameters.DetailType,
            Detail: Target.Input ?? '{}',
          },
        ],
      }),
    );
    // PutEvents answers 200 even when an entry fails; the failure is in the entry.
    const failed = out.Entries?.find((e) => e.ErrorCode);
    if (failed)
      console.error(
        `[Scheduler] the bus refused the event of ${Name}: ${failed.ErrorCode} ${failed.ErrorMessage}`,
      );
  } catch (err) {
    console.error(`[Scheduler] could not put the event of ${Name}: ${String(err)}`);
  }
}

/** `{Name}` arrives percent-encoded (the SDK encodes every label); a broken escape is not a valid name. */
function decodeLabel(label: string): string {
  try {
    return decodeURIComponent(label);
  } catch {
    throw serializationError(`Malformed path label ${label}`);
  }
}

function readJson(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw serializationError('The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw serializationError('The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function reply(res: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  const body = Buffer.from(JSON.stringify(payload));
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(body.length),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(body);
}
