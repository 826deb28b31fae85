/** config.json: where the page finds the HTTP and WebSocket APIs (CDK writes it at deploy, the local cloud serves it). */
import type { Fetch } from './api';
import type { Config } from './types';

export async function loadConfig(fetchImpl: Fetch = (input, init) => fetch(input, init)): Promise<Config> {
  // no-store: a deploy can move the APIs, and a cached config would point at the old ones.
  const res = await fetchImpl('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  const c = (await res.json()) as Partial<Config>;
  if (typeof c.httpApiUrl !== 'string' || typeof c.webSocketUrl !== 'string')
    throw new Error('config.json: bad shape');
  return { httpApiUrl: c.httpApiUrl, webSocketUrl: c.webSocketUrl };
}
