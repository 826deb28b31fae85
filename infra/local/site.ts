import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { siteHeaders } from '../site-headers';
import type { LocalAuthConfig } from './cognito-local';
import { listen } from './listen';
import type { RunningService } from './types';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

/**
 * The local stand-in for the S3 + CloudFront site: the built page, plus the `config.json` that CDK's
 * BucketDeployment writes when deployed. Every response carries the security headers CloudFront's response headers
 * policy adds (infra/site-headers.ts), so the page runs locally under the policy it runs under on AWS.
 */
export function startSite(options: {
  distDir: string;
  config: { httpApiUrl: string; webSocketUrl: string; auth?: LocalAuthConfig };
  port?: number;
}): Promise<RunningService> {
  const root = resolve(options.distDir);
  const headers = siteHeaders(options.config);
  const server = createServer(async (req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://site').pathname);
    } catch {
      // A malformed escape (`%E0%A4%A`) would otherwise throw inside this async handler and leave the request hanging.
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request');
      return;
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(options.config));
      return;
    }
    const file = join(root, path === '/' ? 'index.html' : path);
    // URL parsing drops literal `..` segments, but encoded ones (`..%2f`) survive until decoded. Compare with a
    // trailing separator, or `dist-private` would pass as being inside `dist`.
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  });
  return listen(server, options.port);
}
