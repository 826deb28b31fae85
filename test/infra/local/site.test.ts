import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite } from '../../../infra/local/site';
import type { RunningService } from '../../../infra/local/types';

let root: string;
let site: RunningService;
const config = { httpApiUrl: 'http://127.0.0.1:1', webSocketUrl: 'ws://127.0.0.1:2' };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'site-'));
  await mkdir(join(root, 'dist', 'assets'), { recursive: true });
  await writeFile(join(root, 'dist', 'index.html'), '<!doctype html><title>Chatty</title>');
  await writeFile(join(root, 'dist', 'assets', 'app.js'), 'console.log("hi")');
  await writeFile(join(root, 'package.json'), '{"secret":true}');
  // A sibling whose name starts with the served directory's name.
  await mkdir(join(root, 'dist-private'));
  await writeFile(join(root, 'dist-private', 'keys.txt'), 'private');
  site = await startSite({ distDir: join(root, 'dist'), config });
});
afterAll(async () => {
  await site?.close();
  await rm(root, { recursive: true, force: true });
});

/**
 * A raw request: fetch would normalize `..` segments away before sending, and a browser does too, but a
 * client like curl --path-as-is or a hand-written one sends them as they are.
 */
function get(
  path: string,
  method = 'GET',
): Promise<{ status: number; type?: string; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${site.url}${path}`, { method }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          headers: res.headers,
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** A CSP header as directive → sources. */
function directives(header: string | string[] | undefined): Map<string, string[]> {
  return new Map(
    [header ?? []]
      .flat()
      .join(';')
      .split(';')
      .map((part): [string, string[]] => {
        const [name = '', ...sources] = part.trim().split(/\s+/);
        return [name, sources];
      }),
  );
}

describe('the local site', () => {
  it('serves index.html at the root', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<title>Chatty</title>');
  });

  it('serves files with their content type', async () => {
    const res = await get('/assets/app.js');
    expect(res).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
      body: 'console.log("hi")',
    });
  });

  it('serves config.json with both endpoints, never cached', async () => {
    const res = await get('/config.json');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.type).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual(config);
  });

  it('answers 404 for a file that does not exist', async () => {
    expect((await get('/nope.html')).status).toBe(404);
  });

  it('never serves a file above the site directory for a literal `..`, which URL parsing resolves', async () => {
    const res = await get('/../package.json');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('secret');
  });

  it('refuses encoded paths that climb out of the site directory', async () => {
    for (const path of ['/..%2fpackage.json', '/%2e%2e%2fpackage.json', '/..%2fdist-private/keys.txt']) {
      const res = await get(path);
      expect(res.status, path).toBe(403);
      expect(res.body, path).not.toContain('secret');
      expect(res.body, path).not.toContain('private');
    }
  });

  it('answers 400 for a path that is not valid percent-encoding', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });

  it('sends the security headers on every response, the CSP allowing connections to exactly its two APIs', async () => {
    for (const path of ['/', '/assets/app.js', '/config.json', '/nope.html', '/..%2fpackage.json']) {
      const { headers } = await get(path);
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['referrer-policy'], path).toBe('no-referrer');
      const csp = directives(headers['content-security-policy']);
      expect(csp.get('connect-src'), path).toEqual(["'self'", 'http://127.0.0.1:1', 'ws://127.0.0.1:2']);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('style-src'), path).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('default-src'), path).toEqual(["'none'"]);
      // HSTS is CloudFront's alone: over plain HTTP browsers ignore it.
      expect(headers['strict-transport-security'], path).toBeUndefined();
    }
  });

  it('answers 405 to anything but GET and HEAD', async () => {
    const post = await get('/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get('/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});
