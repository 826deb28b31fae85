import { describe, expect, it } from 'vitest';
import type { Fetch } from '../../web/api';
import { loadConfig } from '../../web/config';

const respond =
  (status: number, body: string): Fetch =>
  async () =>
    new Response(body, { status });

describe('loadConfig', () => {
  it('reads the two endpoints from /config.json, uncached', async () => {
    const seen: [string, RequestInit | undefined][] = [];
    const config = await loadConfig(async (url, init) => {
      seen.push([url, init]);
      return new Response(JSON.stringify({ httpApiUrl: 'https://h', webSocketUrl: 'wss://w', extra: 1 }));
    });
    expect(config).toEqual({ httpApiUrl: 'https://h', webSocketUrl: 'wss://w' });
    expect(seen).toEqual([['/config.json', { cache: 'no-store' }]]);
  });

  it('passes the user pool on when config.json names one whole, and drops an incomplete one', async () => {
    const auth = {
      region: 'us-east-1',
      userPoolId: 'p',
      userPoolClientId: 'c',
      endpoint: 'http://127.0.0.1:8087',
    };
    const body = (extra: object) =>
      JSON.stringify({ httpApiUrl: 'https://h', webSocketUrl: 'wss://w', ...extra });
    expect((await loadConfig(respond(200, body({ auth })))).auth).toEqual(auth);
    expect((await loadConfig(respond(200, body({ auth: { region: 'us-east-1' } })))).auth).toBeUndefined();
  });

  it('fails on a missing file, a missing endpoint, or a body that is not JSON', async () => {
    await expect(loadConfig(respond(404, 'Not Found'))).rejects.toThrow('config.json: 404');
    await expect(loadConfig(respond(200, '{"httpApiUrl":"https://h"}'))).rejects.toThrow(
      'config.json: bad shape',
    );
    await expect(loadConfig(respond(200, '<html>'))).rejects.toThrow(SyntaxError);
  });
});
