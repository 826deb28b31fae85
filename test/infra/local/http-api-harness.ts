/** Shared by the http-api*.test.ts files: an HTTP API stand-in over a fake `invoke`, and a raw HTTP client. */
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { type HttpApiOptions, startHttpApi } from '../../../infra/local/http-api';
import type { HttpApiEvent } from '../../../infra/local/http-api-event';
import type { RunningService } from '../../../infra/local/types';
import { httpRoutes } from '../../../infra/spec';

export const iamCredentials = { accessKeyId: 'LOCALCHATTY', secretAccessKey: 'local-chatty-secret' };

export interface Call {
  functionName: string;
  event: HttpApiEvent;
}

const running: RunningService[] = [];

/** For `afterEach`: stops every API the test started. */
export async function closeApis(): Promise<void> {
  await Promise.all(running.splice(0).map((api) => api.close()));
}

/** Starts the API with a fake `invoke` that records every event and answers with `reply`. */
export async function startApi(
  reply: (event: HttpApiEvent) => unknown = () => ({ ok: true }),
  extra: Partial<HttpApiOptions> = {},
): Promise<{ calls: Call[]; url: string }> {
  const calls: Call[] = [];
  const api = await startHttpApi({
    routes: httpRoutes,
    iamCredentials,
    invoke: async (functionName, event) => {
      calls.push({ functionName, event: event as HttpApiEvent });
      return reply(event as HttpApiEvent);
    },
    ...extra,
  });
  running.push(api);
  return { calls, url: api.url };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: Buffer;
}

/**
 * node:http rather than fetch: it sends the path exactly as written (fetch would normalise it), repeated headers as
 * separate lines, and lets a test leave out or set any header.
 */
export function send(
  url: string,
  method: string,
  path: string,
  headers: OutgoingHttpHeaders = {},
  body?: Buffer | string,
): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: buf.toString(), body: buf });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
