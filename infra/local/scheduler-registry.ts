/**
 * The schedules of the local EventBridge Scheduler and their timers: the operations behind the API
 * (Create/Get/Update/Delete/ListSchedules), kept in a store so they outlive a restart.
 */
import {
  Constraints,
  conflict,
  enums,
  notFound,
  ranges,
  shapes,
  validationError,
} from './scheduler-constraints';
import type { ScheduleStore, StoredSchedule } from './scheduler-store';
import { invocationTime, startTimer } from './scheduler-timing';
import { validateGroupName, validateName, validateSchedule } from './scheduler-validation';

export interface RegistryOptions {
  region: string;
  accountId: string;
  /** Schedule groups besides `default`, which every account has. */
  groups: string[];
  store: ScheduleStore;
  /** Runs the target of a schedule that fell due (the caller logs its failures). */
  invoke(schedule: StoredSchedule): Promise<void>;
  /** Multiplies every wait (tests: 0.001). */
  timeScale: number;
  /** Picks the moment within the due minute / the flexible window, in [0, 1). */
  random(): number;
}

export interface ListQuery {
  ScheduleGroup?: string;
  NamePrefix?: string;
  State?: string;
  NextToken?: string;
  MaxResults?: string;
}

const defaultPageSize = 100;

export class ScheduleRegistry {
  private readonly schedules = new Map<string, StoredSchedule>();
  private readonly timers = new Map<string, { cancel(): void }>();
  private readonly groups: Set<string>;
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: RegistryOptions) {
    this.groups = new Set(['default', ...options.groups]);
  }

  /**
   * Reloads the stored schedules and arms them. One whose time passed while the stand-in was stopped runs at once:
   * AWS never stops, so it would have run on time; late is the closest this stand-in can come, and it beats lost.
   */
  async restore(): Promise<void> {
    for (const schedule of await this.options.store.load()) {
      const key = keyOf(schedule.definition.GroupName, schedule.definition.Name);
      this.schedules.set(key, schedule);
      this.arm(key);
    }
  }

  async create(name: string, body: Record<string, unknown>) {
    const { definition, clientToken, dueAt } = validateSchedule(name, body);
    this.requireGroup(definition.GroupName);
    const key = keyOf(definition.GroupName, name);
    const existing = this.schedules.get(key);
    if (existing) {
      // The SDK sends the same ClientToken when it retries a call: that retry succeeds instead of conflicting.
      if (clientToken !== undefined && existing.clientToken === clientToken)
        return { ScheduleArn: this.arn(key) };
      throw conflict(`Schedule ${name} already exists.`);
    }
    const now = Date.now();
    this.schedules.set(key, {
      definition,
      ...(clientToken !== undefined && { clientToken }),
      creationDate: now / 1000,
      lastModificationDate: now / 1000,
      invokeAt: this.invokeAt(dueAt, definition.FlexibleTimeWindow.MaximumWindowInMinutes),
      completed: false,
    });
    this.arm(key);
    await this.save();
    return { ScheduleArn: this.arn(key) };
  }

  /** UpdateSchedule replaces the whole definition, as AWS does ("uses all values, including empty values"). */
  async update(name: string, body: Record<string, unknown>) {
    const { definition, clientToken, dueAt } = validateSchedule(name, body);
    this.requireGroup(definition.GroupName);
    const key = keyOf(definition.GroupName, name);
    const existing = this.schedules.get(key);
    if (!existing) throw notFound(`Schedule ${name} does not exist.`);
    this.schedules.set(key, {
      definition,
      ...(clientToken !== undefined && { clientToken }),
      creationDate: existing.creationDate,
      lastModificationDate: Date.now() / 1000,
      invokeAt: this.invokeAt(dueAt, definition.FlexibleTimeWindow.MaximumWindowInMinutes),
      completed: false,
    });
    this.arm(key);
    await this.save();
    return { ScheduleArn: this.arn(key) };
  }

  get(name: string, groupName: unknown) {
    const { key, schedule } = this.find(name, groupName);
    return {
      Arn: this.arn(key),
      ...schedule.definition,
      CreationDate: schedule.creationDate,
      LastModificationDate: schedule.lastModificationDate,
    };
  }

  async delete(name: string, groupName: unknown) {
    const { key } = this.find(name, groupName);
    this.disarm(key);
    this.schedules.delete(key);
    await this.save();
    return {};
  }

  list(query: ListQuery) {
    const c = new Constraints();
    const group = c.string('groupName', query.ScheduleGroup, shapes.groupName);
    const prefix = c.string('namePrefix', query.NamePrefix, shapes.name);
    const state = c.string('state', query.State, { enum: enums.scheduleState });
    const token = c.string('nextToken', query.NextToken, shapes.nextToken);
    const maxText = query.MaxResults;
    const max = maxText === undefined ? undefined : Number(maxText);
    if (max !== undefined && Number.isNaN(max))
      throw validationError(`MaxResults ${maxText} is not a number`);
    c.integer('maxResults', max, ranges.maxResults);
    c.throwIfAny();
    if (group !== undefined) this.requireGroup(group);
    const after = token === undefined ? undefined : readToken(token);

    const matching = [...this.schedules.entries()]
      .filter(([, s]) => group === undefined || s.definition.GroupName === group)
      .filter(([, s]) => prefix === undefined || s.definition.Name.startsWith(prefix))
      .filter(([, s]) => state === undefined || s.definition.State === state)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .filter(([key]) => after === undefined || key > after);
    const page = matching.slice(0, max ?? defaultPageSize);
    const more = matching.length > page.length;
    const last = page.at(-1);
    return {
      Schedules: page.map(([key, s]) => ({
        Arn: this.arn(key),
        Name: s.definition.Name,
        GroupName: s.definition.GroupName,
        State: s.definition.State,
        CreationDate: s.creationDate,
        LastModificationDate: s.lastModificationDate,
        Target: { Arn: s.definition.Target.Arn },
      })),
      ...(more &&
        last && { NextToken: Buffer.from(JSON.stringify({ after: last[0] })).toString('base64url') }),
    };
  }

  /** Names of the schedules waiting to run. */
  pending(): string[] {
    return [...this.timers.keys()].map((key) => this.schedules.get(key)?.definition.Name ?? key);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const key of [...this.timers.keys()]) this.disarm(key);
    // A target being invoked finishes first (its PutEvents would otherwise hit a bus that is closing too).
    await Promise.allSettled([...this.running]);
    // Let the last write finish, so a restart reads a whole file.
    await this.options.store.save([...this.schedules.values()]).catch(() => {});
  }

  private invokeAt(dueAt: number, windowMinutes: number | undefined): number {
    return invocationTime(dueAt, windowMinutes, this.options.random());
  }

  private arm(key: string): void {
    this.disarm(key);
    const schedule = this.schedules.get(key);
    if (this.closed || !schedule || schedule.completed || schedule.definition.State !== 'ENABLED') return;
    const delay = Math.max(0, schedule.invokeAt - Date.now()) * this.options.timeScale;
    this.timers.set(
      key,
      startTimer(delay, () => {
        const running = this.run(key, schedule);
        this.running.add(running);
        void running.finally(() => this.running.delete(running));
      }),
    );
  }

  private disarm(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  private async run(key: string, schedule: StoredSchedule): Promise<void> {
    this.timers.delete(key);
    await this.options.invoke(schedule);
    // Deleted or replaced while the target ran: that newer state wins.
    if (this.closed || this.schedules.get(key) !== schedule) return;
    // DELETE removes a one-time schedule after its invocation; with NONE it stays, and GetSchedule still reports
    // the State it was created with (AWS documents no change of State on completion).
    if (schedule.definition.ActionAfterCompletion === 'DELETE') this.schedules.delete(key);
    else schedule.completed = true;
    await this.save();
  }

  private find(name: string, groupName: unknown) {
    validateName(name);
    const group = validateGroupName(groupName);
    this.requireGroup(group);
    const key = keyOf(group, name);
    const schedule = this.schedules.get(key);
    if (!schedule) throw notFound(`Schedule ${name} does not exist.`);
    return { key, schedule };
  }

  private requireGroup(group: string): void {
    if (!this.groups.has(group)) throw notFound(`Schedule group ${group} does not exist.`);
  }

  private arn(key: string): string {
    return `arn:aws:scheduler:${this.options.region}:${this.options.accountId}:schedule/${key}`;
  }

  private save(): Promise<void> {
    return this.options.store.save([...this.schedules.values()]);
  }
}

function keyOf(group: string, name: string): string {
  return `${group}/${name}`;
}

/** NextToken is opaque to callers; here it carries the last key of the previous page. */
function readToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through
  }
  throw validationError('Invalid NextToken');
}
