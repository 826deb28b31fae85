/**
 * The local cloud's data (`.local/data`: the token-signing key, pending reminders, dead letters, DynamoDB Local's
 * database) is for the developer who runs it: directories 0700 and files 0600, whatever the umask, so another
 * account on the machine can read neither the chat nor the key that would let it sign tokens under any name.
 */
import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const privateFileMode = 0o600;
const privateDirectoryMode = 0o700;

/**
 * Creates `dir` (and missing parents, which stay as the umask makes them) and makes it 0700: `mkdir`'s mode
 * applies only to a directory it creates, so one left by an earlier run is tightened too.
 */
export async function privateDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: privateDirectoryMode });
  await chmod(dir, privateDirectoryMode);
}

/**
 * Makes every regular file directly in `dir` 0600: files an earlier version left readable. Symbolic links are
 * skipped (chmod would follow them out of the data directory); a missing `dir` is fine.
 */
export async function makeFilesPrivate(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const name of names) {
    const file = join(dir, name);
    const stats = await lstat(file);
    if (stats.isFile() && (stats.mode & 0o777) !== privateFileMode) await chmod(file, privateFileMode);
  }
}

/**
 * Appends `text` to `file`, creating it 0600; an existing file is made 0600 too (the mode given to open applies
 * only on creation). Synchronous, so lines from concurrent callers never interleave.
 */
export function appendPrivate(file: string, text: string): void {
  const fd = openSync(file, 'a', privateFileMode);
  try {
    fchmodSync(fd, privateFileMode);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
