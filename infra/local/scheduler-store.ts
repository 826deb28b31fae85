/**
 * Where the local Scheduler keeps its schedules between runs of `npm start`: one JSON file with the rest of the
 * data (`.local/data/schedules.json`), readable by its owner only (mode 0600: the inputs carry chat text), rewritten
 * whole through a temporary file and a rename so a crash never leaves half a file. Without a path nothing is kept.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ScheduleDefinition } from './scheduler-validation';

export interface StoredSchedule {
  definition: ScheduleDefinition;
  clientToken?: string;
  /** Epoch seconds, as the API reports them. */
  creationDate: number;
  lastModificationDate: number;
  /** When the stand-in invokes the target (epoch ms): the due minute plus the chosen offset within it/the window. */
  invokeAt: number;
  /** Invoked already; kept because ActionAfterCompletion is NONE. */
  completed: boolean;
}

export interface ScheduleStore {
  load(): Promise<StoredSchedule[]>;
  /** Writes are queued: the file always ends with the latest snapshot. */
  save(schedules: StoredSchedule[]): Promise<void>;
}

const fileVersion = 1;

export function scheduleStore(file: string | undefined): ScheduleStore {
  if (!file) return { load: async () => [], save: async () => {} };
  let queue: Promise<void> = Promise.resolve();
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      try {
        const parsed = JSON.parse(text) as { version?: unknown; schedules?: unknown };
        if (parsed.version !== fileVersion || !Array.isArray(parsed.schedules))
          throw new Error('unknown format');
        return parsed.schedules as StoredSchedule[];
      } catch (err) {
        // Starting with an empty store would silently drop every pending reminder: refuse, and say what to do.
        throw new Error(
          `The local Scheduler cannot read ${file} (${err instanceof Error ? err.message : String(err)}); ` +
            'fix or delete it to start without the pending schedules.',
        );
      }
    },
    save(schedules) {
      const text = `${JSON.stringify({ version: fileVersion, schedules }, null, 2)}\n`;
      const write = async () => {
        await mkdir(dirname(file), { recursive: true });
        const temporary = `${file}.tmp`;
        await writeFile(temporary, text, { mode: 0o600 });
        // `mode` applies only when the file is created; a leftover temporary file keeps its own.
        await chmod(temporary, 0o600);
        await rename(temporary, file);
      };
      queue = queue.then(write, write);
      return queue;
    },
  };
}
