/**
 * A local cloud only this machine can use (issue 13): every server it starts listens on 127.0.0.1, DynamoDB
 * Local (which cannot) answers browsers from the page's origin only, and the data it keeps is its owner's alone.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../../infra/local/cloud';
import { repoRoot } from '../../../infra/local/paths';

/** Where a server's listen call asks to listen: `all interfaces` when it names no host (Node's default). */
function listenHost(args: unknown[]): string {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: unknown; path?: unknown; port?: unknown };
    if (typeof options.path === 'string') return 'pipe';
    return typeof options.host === 'string' ? options.host : 'all interfaces';
  }
  // listen(path) for a Unix socket or named pipe; listen(port[, host]) otherwise.
  if (typeof first === 'string' && !/^\d+$/.test(first)) return 'pipe';
  return typeof second === 'string' ? second : 'all interfaces';
}

const loopback = new Set(['127.0.0.1', 'pipe']);

describe('listenHost', () => {
  it('tells a listen on loopback from one on every interface, whatever the call’s form', () => {
    expect(listenHost([0, '127.0.0.1', () => undefined])).toBe('127.0.0.1');
    expect(listenHost([{ port: 0, host: '127.0.0.1' }])).toBe('127.0.0.1');
    expect(listenHost(['/tmp/socket'])).toBe('pipe');
    for (const everywhere of [
      [0],
      [8080, () => undefined],
      [{ port: 0 }],
      ['8080'],
      [0, '0.0.0.0'],
      [0, '::'],
    ]) {
      expect(loopback.has(listenHost(everywhere))).toBe(false);
    }
  });
});

/** The source of every listen in the project: infra, bench, tests, the page, the functions. */
async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(path)));
    else if (['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].includes(extname(entry.name))) files.push(path);
  }
  return files;
}

/** The argument text of each call starting at `opening` (the index of its `(`), to the matching `)`. */
function callArguments(source: string, opening: number): string {
  let depth = 0;
  for (let i = opening; i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return source.slice(opening + 1, i);
  }
  return source.slice(opening + 1);
}

describe('every server in the project’s code', () => {
  it('listens on 127.0.0.1: each `.listen(` names the host, each WebSocketServer has a host or no server', async () => {
    const offending: string[] = [];
    let listens = 0;
    for (const top of ['infra', 'bench', 'test', 'web', 'lambdas']) {
      for (const file of await sourceFiles(join(repoRoot, top))) {
        // This file's test names and patterns mention listen calls without being any.
        if (file.endsWith('local-only.test.ts')) continue;
        const source = await readFile(file, 'utf8');
        const where = (index: number) =>
          `${relative(repoRoot, file)}:${source.slice(0, index).split('\n').length}`;
        for (const match of source.matchAll(/\.listen\(/g)) {
          listens++;
          const args = callArguments(source, match.index + match[0].length - 1);
          if (!args.includes("'127.0.0.1'")) offending.push(`${where(match.index)}: .listen(${args})`);
        }
        for (const match of source.matchAll(/new WebSocketServer\(/g)) {
          const args = callArguments(source, match.index + match[0].length - 1);
          if (!args.includes('noServer') && !args.includes("host: '127.0.0.1'")) {
            offending.push(`${where(match.index)}: new WebSocketServer(${args})`);
          }
        }
      }
    }
    expect(listens).toBeGreaterThan(3);
    expect(offending).toEqual([]);
  });
});

describe('the local cloud', () => {
  let cloud: LocalCloud;
  let dataDir: string;
  let distDir: string;
  const listens: { host: string; stack: string }[] = [];
  const originalListen = Server.prototype.listen;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chatty-local-only-'));
    distDir = await mkdtemp(join(tmpdir(), 'chatty-local-only-site-'));
    await writeFile(join(distDir, 'index.html'), '<!doctype html><title>Chatty</title>');
    // Data as an earlier version left it, readable by everyone: start must close it.
    await chmod(dataDir, 0o755);
    await mkdir(join(dataDir, 'dynamodb'));
    await chmod(join(dataDir, 'dynamodb'), 0o755);
    const loose = {
      'token-key': 'a'.repeat(44),
      'schedules.json': JSON.stringify({ version: 1, schedules: [] }),
      'dead-letters.jsonl': '',
    };
    for (const [name, text] of Object.entries(loose)) {
      await writeFile(join(dataDir, name), text);
      await chmod(join(dataDir, name), 0o644);
    }

    // Every listen of every server the cloud starts in this process (http.Server inherits net.Server's).
    Server.prototype.listen = function (this: Server, ...args: unknown[]) {
      listens.push({ host: listenHost(args), stack: new Error().stack ?? '' });
      return (originalListen as (...a: unknown[]) => Server).apply(this, args);
    } as typeof Server.prototype.listen;
    try {
      cloud = await startLocalCloud({ dataDir, site: { distDir } });
    } finally {
      Server.prototype.listen = originalListen;
    }
  }, 120_000);

  afterAll(async () => {
    await cloud?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(distDir, { recursive: true, force: true });
  });

  it('starts every server on 127.0.0.1 and gives every service a 127.0.0.1 URL', () => {
    expect(listens.length).toBeGreaterThanOrEqual(7);
    expect(listens.filter((l) => !loopback.has(l.host))).toEqual([]);
    const urls = {
      site: cloud.siteUrl,
      httpApi: cloud.httpApiUrl,
      webSocket: cloud.webSocketUrl,
      callback: cloud.callbackUrl,
      dynamodb: cloud.dynamodbUrl,
      eventBus: cloud.eventBusUrl,
      ...cloud.clientEnvironment,
    };
    for (const [name, url] of Object.entries(urls)) {
      if (name === 'AWS_REGION') continue;
      expect({ name, host: new URL(url ?? '').hostname }).toEqual({ name, host: '127.0.0.1' });
    }
  });

  it('lets DynamoDB Local answer browsers from the page’s origins only', async () => {
    const preflight = (origin: string) =>
      fetch(cloud.dynamodbUrl, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,x-amz-target',
        },
      }).then((r) => r.headers.get('access-control-allow-origin'));
    const site = new URL(cloud.siteUrl ?? '');
    const pageOrigins = [site.origin, `http://localhost:${site.port}`];
    for (const origin of pageOrigins) expect(await preflight(origin)).toBe(origin);
    for (const origin of ['http://evil.example', `http://127.0.0.1:${Number(site.port) + 1}`, 'null']) {
      expect({ origin, allowed: await preflight(origin) }).toEqual({ origin, allowed: null });
    }
  });

  it('keeps its data readable by its owner only: directories 0700, files 0600, also those left from before', async () => {
    const mode = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);
    expect(await mode(dataDir)).toBe('700');
    expect(await mode(join(dataDir, 'dynamodb'))).toBe('700');
    const files = [
      ...['token-key', 'schedules.json', 'dead-letters.jsonl'].map((name) => join(dataDir, name)),
      ...(await readdir(join(dataDir, 'dynamodb'))).map((name) => join(dataDir, 'dynamodb', name)),
    ];
    expect(files.some((f) => f.endsWith('shared-local-instance.db'))).toBe(true);
    for (const file of files) {
      expect({ file: relative(dataDir, file), mode: await mode(file) }).toEqual({
        file: relative(dataDir, file),
        mode: '600',
      });
    }
  });
});
