import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CreateScheduleCommand, GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEventBus } from '../../../infra/local/event-bus';
import { startScheduler } from '../../../infra/local/scheduler';
import type { StoredSchedule } from '../../../infra/local/scheduler-store';
import { localCredentials } from '../../../infra/local/types';
import { atIn, reminder, type SchedulerFixture, startSchedulerFixture } from './scheduler-fixture';

let dir: string;
let stateFile: string;
const running: SchedulerFixture[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chatty-scheduler-'));
  stateFile = join(dir, 'data', 'schedules.json');
});
afterEach(async () => {
  for (const f of running.splice(0)) await f.close();
  await rm(dir, { recursive: true, force: true });
});
/** Real time (timeScale 1): nothing due in an hour runs during a test. */
const start = async (timeScale = 1) => {
  const f = await startSchedulerFixture({ stateFile, timeScale });
  running.push(f);
  return f;
};
const stored = async () =>
  (JSON.parse(await readFile(stateFile, 'utf8')) as { schedules: StoredSchedule[] }).schedules;

describe('the local EventBridge Scheduler keeps its schedules with the data', () => {
  it('writes them to a JSON file only its owner can read', async () => {
    const { client } = await start();
    await client.send(new CreateScheduleCommand(reminder('kept', { ScheduleExpression: atIn(3_600_000) })));
    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
    expect((await stored()).map((s) => s.definition.Name)).toEqual(['kept']);
  });

  it('reloads pending schedules after a restart, and they still run', async () => {
    const first = await start();
    const input = reminder('survivor', { ScheduleExpression: atIn(3_600_000) });
    await first.client.send(new CreateScheduleCommand(input));
    await first.close();

    const second = await start();
    expect(second.scheduler.pending()).toEqual(['survivor']);
    const got = await second.client.send(new GetScheduleCommand({ Name: 'survivor', GroupName: 'chatty' }));
    expect(got).toMatchObject({
      Name: 'survivor',
      ScheduleExpression: input.ScheduleExpression,
      Target: input.Target,
    });
  });

  it('runs at once on start a schedule whose time passed while it was stopped', async () => {
    const first = await start();
    await first.client.send(
      new CreateScheduleCommand(reminder('overdue', { ScheduleExpression: atIn(3_600_000) })),
    );
    await first.close();
    // An hour goes by while `npm start` is stopped.
    const [schedule] = await stored();
    if (!schedule) throw new Error('nothing stored');
    await writeFile(
      stateFile,
      JSON.stringify({ version: 1, schedules: [{ ...schedule, invokeAt: Date.now() - 60_000 }] }),
    );

    const second = await start();
    await vi.waitFor(() => expect(second.delivered).toHaveLength(1), { timeout: 5000, interval: 20 });
    expect(second.delivered[0]?.detail).toMatchObject({ text: 'stretch' });
    // ActionAfterCompletion DELETE: gone from the file too.
    await vi.waitFor(async () => expect(await stored()).toEqual([]), { timeout: 2000, interval: 20 });
  });

  it('does not run again after a restart a schedule that already ran and was kept (NONE)', async () => {
    const first = await start(0.001);
    await first.client.send(new CreateScheduleCommand(reminder('once', { ActionAfterCompletion: 'NONE' })));
    await vi.waitFor(() => expect(first.delivered).toHaveLength(1), { timeout: 5000, interval: 20 });
    await vi.waitFor(async () => expect((await stored())[0]?.completed).toBe(true), {
      timeout: 2000,
      interval: 20,
    });
    await first.close();

    const second = await start(0.001);
    expect(second.scheduler.pending()).toEqual([]);
    const got = await second.client.send(new GetScheduleCommand({ Name: 'once', GroupName: 'chatty' }));
    expect(got.State).toBe('ENABLED');
  });

  it('refuses to start over a schedules file it cannot read, naming the file', async () => {
    await mkdir(dirname(stateFile), { recursive: true });
    await writeFile(stateFile, '{"version":1,"schedules":');
    const bus = await startEventBus({
      busName: 'chatty',
      region: localCredentials.region,
      accountId: localCredentials.accountId,
      rules: [],
      invoke: async () => {},
    });
    try {
      await expect(startScheduler({ eventBusUrl: bus.url, stateFile })).rejects.toThrow(
        `The local Scheduler cannot read ${stateFile}`,
      );
    } finally {
      await bus.close();
    }
  });
});
