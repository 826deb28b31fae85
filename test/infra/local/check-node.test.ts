import { readFile } from 'node:fs/promises';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../../infra/local/paths';

/** Runs the pre-script as `node` would, with the Node version it sees replaced. */
async function checkWith(version: string) {
  const code = await readFile(fromRoot('infra/local/check-node.cjs'), 'utf8');
  const errors: string[] = [];
  let exitCode: number | undefined;
  runInNewContext(code, {
    process: { versions: { node: version }, exit: (c: number) => (exitCode = c) },
    console: { error: (line: string) => errors.push(line) },
  });
  return { errors, exitCode };
}

describe('the Node.js version check before npm start and npm test', () => {
  it('stops an older Node.js with one clear line, not a stack trace', async () => {
    expect(await checkWith('20.20.2')).toEqual({
      exitCode: 1,
      errors: [
        expect.stringMatching(
          /^Chatty needs Node\.js 22 or later .*this is Node\.js 20\.20\.2\. Install Node\.js 24/,
        ),
      ],
    });
  });

  it('lets Node.js 22 and later through silently', async () => {
    expect(await checkWith('22.12.0')).toEqual({ exitCode: undefined, errors: [] });
    expect(await checkWith('24.22.3')).toEqual({ exitCode: undefined, errors: [] });
  });
});
