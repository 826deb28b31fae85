/**
 * The documents go where the page goes: web/build.ts writes them into the built site, the local site serves
 * them as JSON, and the CDK app's site deployment uploads them (its asset is the built directory).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAsyncApi } from '../../../infra/api-docs/asyncapi';
import { buildOpenApi } from '../../../infra/api-docs/openapi';
import { Site } from '../../../infra/aws/constructs/site';
import { startSite } from '../../../infra/local/site';
import type { RunningService } from '../../../infra/local/types';
import { buildWeb } from '../../../web/build';
import { httpResponseChecker } from '../../integration/contract';

const documents = { '/openapi.json': buildOpenApi(), '/asyncapi.json': buildAsyncApi() };
let root: string;
let dist: string;
let site: RunningService;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'chatty-served-'));
  dist = await buildWeb(join(root, 'dist'));
  site = await startSite({
    distDir: dist,
    config: { httpApiUrl: 'http://127.0.0.1:1', webSocketUrl: 'ws://127.0.0.1:2' },
  });
});
afterAll(async () => {
  await site?.close();
  await rm(root, { recursive: true, force: true });
});

describe('the API documents', () => {
  it('are served by the local site next to the page, as JSON equal to the generated documents', async () => {
    for (const [path, doc] of Object.entries(documents)) {
      const res = await fetch(`${site.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe('application/json');
      expect(await res.json(), path).toEqual(doc);
    }
  });

  it('describe the config.json the site serves next to them', async () => {
    const res = await fetch(`${site.url}/config.json`);
    const body: unknown = await res.json();
    expect(() => httpResponseChecker()('GET', '/config.json', res.status, body)).not.toThrow();
    expect(() => httpResponseChecker()('GET', '/config.json', res.status, { httpApiUrl: 'x' })).toThrow(
      /must have required property 'webSocketUrl'/,
    );
  });

  it("are in the CDK site deployment's asset, next to index.html", () => {
    const outdir = join(root, 'cdk.out');
    const app = new App({ outdir });
    new Site(new Stack(app, 'S'), 'Site', { assetDir: dist }).deploy({
      httpApiUrl: 'https://api.example',
      webSocketUrl: 'wss://ws.example/live',
    });
    app.synth();
    const staged = readdirSync(outdir)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(outdir, name))
      .filter((dir) => existsSync(join(dir, 'index.html')));
    expect(staged).toHaveLength(1);
    for (const [path, doc] of Object.entries(documents)) {
      const [dir = ''] = staged;
      expect(JSON.parse(readFileSync(join(dir, path), 'utf8')), path).toEqual(doc);
    }
  });
});
