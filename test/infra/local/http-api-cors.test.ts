import { afterEach, describe, expect, it } from 'vitest';
import type { HttpApiCorsConfig } from '../../../infra/local/http-api-cors';
import { httpApiCors } from '../../../infra/spec';
import { closeApis, send, startApi } from './http-api-harness';

afterEach(closeApis);

const page = 'https://chat.example';
const customDomain = 'https://chatty.example.org';
const cors: HttpApiCorsConfig = { ...httpApiCors, allowOrigins: [page, customDomain] };
const preflightFrom = (origin: string) => ({
  origin,
  'access-control-request-method': 'POST',
  'access-control-request-headers': 'authorization,content-type',
});

describe('startHttpApi: CORS', () => {
  it('answers a preflight itself with 204 and the configured headers, even for a path with no route', async () => {
    const { calls, url } = await startApi(undefined, { cors });
    for (const [origin, path] of [
      [page, '/rooms/lobby/messages'],
      [customDomain, '/no/such/route'],
    ] as const) {
      const res = await send(url, 'OPTIONS', path, preflightFrom(origin));
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers['access-control-allow-methods']).toBe('GET,POST,PUT,PATCH,DELETE,OPTIONS');
      expect(res.headers['access-control-allow-headers']).toBe('authorization,content-type');
      expect(res.headers['access-control-max-age']).toBe('86400');
      expect(res.headers).not.toHaveProperty('access-control-allow-credentials');
    }
    expect(calls).toHaveLength(0);
  });

  it('answers a preflight from another origin with 204 and no access-control headers', async () => {
    const { calls, url } = await startApi(undefined, { cors });
    for (const origin of ['https://evil.example', 'http://chat.example', 'https://chat.example:8443']) {
      const res = await send(url, 'OPTIONS', '/rooms/lobby/messages', preflightFrom(origin));
      expect(res.status).toBe(204);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    expect(calls).toHaveLength(0);
  });

  it('adds the allowed origin to responses and replaces whatever CORS headers the function set', async () => {
    const { url } = await startApi(
      () => ({
        statusCode: 200,
        headers: { 'Access-Control-Allow-Origin': '*', 'access-control-allow-credentials': 'true' },
        body: '{}',
      }),
      { cors },
    );
    const allowed = await send(url, 'GET', '/rooms', { origin: page });
    expect(allowed.headers['access-control-allow-origin']).toBe(page);
    expect(allowed.headers).not.toHaveProperty('access-control-allow-credentials');
    const notFound = await send(url, 'GET', '/nowhere', { origin: customDomain });
    expect(notFound.status).toBe(404);
    expect(notFound.headers['access-control-allow-origin']).toBe(customDomain);
  });

  it('still runs the function for another origin (the browser enforces CORS) but grants it nothing', async () => {
    const { calls, url } = await startApi(
      () => ({ statusCode: 200, headers: { 'access-control-allow-origin': '*' }, body: '{}' }),
      { cors },
    );
    const res = await send(url, 'GET', '/rooms', { origin: 'https://evil.example' });
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('sends credentials and exposed headers only when configured', async () => {
    const { url } = await startApi(undefined, {
      cors: { ...cors, allowCredentials: true, exposeHeaders: ['x-correlation-id'] },
    });
    const preflight = await send(url, 'OPTIONS', '/rooms', preflightFrom(page));
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    const res = await send(url, 'GET', '/rooms', { origin: page });
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-expose-headers']).toBe('x-correlation-id');
  });

  it('without a CORS configuration routes a preflight like any request and leaves the function’s headers alone', async () => {
    const { calls, url } = await startApi(() => ({
      statusCode: 200,
      headers: { 'access-control-allow-origin': page },
      body: '{}',
    }));
    const preflight = await send(url, 'OPTIONS', '/rooms', preflightFrom(page));
    expect(preflight.status).toBe(404);
    expect(preflight.headers).not.toHaveProperty('access-control-allow-origin');
    expect(calls).toHaveLength(0);
    const res = await send(url, 'GET', '/rooms', { origin: page });
    expect(res.headers['access-control-allow-origin']).toBe(page);
  });

  it('allows the page exactly what it sends: its methods and its two headers, never any origin', () => {
    // DELETE: the page signs out with DELETE /sessions/current and deletes messages; PUT reacts and adds members; PATCH edits.
    expect(httpApiCors.allowMethods).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    expect(httpApiCors.allowHeaders).toEqual(['authorization', 'content-type']);
    expect(Object.keys(httpApiCors)).not.toContain('allowOrigins');
  });
});
