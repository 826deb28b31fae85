import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendPrivate, makeFilesPrivate, privateDirectory } from '../../../infra/local/private-files';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chatty-private-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mode = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);

describe('privateDirectory', () => {
  it('creates a directory 0700 and tightens one an earlier run left open', async () => {
    await privateDirectory(join(dir, 'new'));
    expect(await mode(join(dir, 'new'))).toBe('700');
    await mkdir(join(dir, 'old'));
    await chmod(join(dir, 'old'), 0o755);
    await privateDirectory(join(dir, 'old'));
    expect(await mode(join(dir, 'old'))).toBe('700');
  });
});

describe('makeFilesPrivate', () => {
  it('makes the files in a directory 0600, leaving what a symbolic link points at alone', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'chatty-outside-'));
    try {
      await writeFile(join(outside, 'shared'), '');
      await chmod(join(outside, 'shared'), 0o644);
      await symlink(join(outside, 'shared'), join(dir, 'link'));
      await writeFile(join(dir, 'data'), '');
      await chmod(join(dir, 'data'), 0o644);
      await mkdir(join(dir, 'sub'));
      await makeFilesPrivate(dir);
      expect(await mode(join(dir, 'data'))).toBe('600');
      expect(await mode(join(outside, 'shared'))).toBe('644');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('accepts a directory that does not exist yet', async () => {
    await expect(makeFilesPrivate(join(dir, 'missing'))).resolves.toBeUndefined();
  });
});

describe('appendPrivate', () => {
  it('creates the file 0600, appends line after line, and tightens a file an earlier run left open', async () => {
    const file = join(dir, 'dead-letters.jsonl');
    appendPrivate(file, 'one\n');
    expect(await mode(file)).toBe('600');
    await chmod(file, 0o644);
    appendPrivate(file, 'two\n');
    expect(await mode(file)).toBe('600');
    expect(await readFile(file, 'utf8')).toBe('one\ntwo\n');
  });
});
