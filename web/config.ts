/**
 * config.json: where the page finds the HTTP and WebSocket APIs and the accounts' user pool (CDK writes it at deploy,
 * the local cloud serves it).
 */
import type { Fetch } from './api';
import type { Config } from './types';

export async function loadConfig(fetchImpl: Fetch = (input, init) => fetch(input, init)): Promise<Config> {
  // no-store: a deploy can move the APIs, and a cached config would point at the old ones.
  const res = await fetchImpl('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  const c = (await res.json()) as Partial<Config>;
  if (typeof c.httpApiUrl !== 'string' || typeof c.webSocketUrl !== 'string')
    throw new Error('config.json: bad shape');
  const config: Config = { httpApiUrl: c.httpApiUrl, webSocketUrl: c.webSocketUrl };
  const auth = authOf(c.auth);
  if (auth) config.auth = auth;
  return config;
}

/** The user pool, when config.json names one whole; otherwise the page offers guest sign-in only. */
function authOf(raw: unknown): Config['auth'] {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { region, userPoolId, userPoolClientId, endpoint } = raw as Record<string, unknown>;
  if (typeof region !== 'string' || typeof userPoolId !== 'string' || typeof userPoolClientId !== 'string')
    return undefined;
  return {
    region,
    userPoolId,
    userPoolClientId,
    ...(typeof endpoint === 'string' ? { endpoint } : {}),
  };
}
