import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BotApiClient, ReplyFailedError } from '../../../../lambdas/adapters/bot-api';
import { type FakeServer, refusedUrl, sendJson, startFakeServer } from './fake-http-server';

interface Seen {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: FakeServer;
const seen: Seen[] = [];
let answer: (res: import('node:http').ServerResponse) => void;

beforeAll(async () => {
  // The credential provider chain reads these at signing time.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDBOTAPI');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'bot-api-secret');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  server = await startFakeServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      answer(res);
    });
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
});
afterEach(() => {
  seen.length = 0;
  server.requests.length = 0;
});

const created = (res: import('node:http').ServerResponse) =>
  sendJson(res, 201, { message: { messageId: 'm-9', sender: 'Pyro' } });

describe('BotApiClient', () => {
  it('posts the text to the bot route, SigV4-signed for execute-api, and returns the stored message', async () => {
    answer = created;
    const client = new BotApiClient(`${server.url}/`, 'eu-west-1', 1000);
    const message = await client.postMessage('lobby', 'Hello!', 'corr-1');

    expect(message).toEqual({ messageId: 'm-9', sender: 'Pyro' });
    expect(server.requests[0]?.pathname).toBe('/bot/rooms/lobby/messages');
    const [request] = seen;
    expect(JSON.parse(request?.body ?? '')).toEqual({ text: 'Hello!' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-correlation-id']).toBe('corr-1');
    const authorization = String(request?.headers.authorization);
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDBOTAPI\/\d{8}\/eu-west-1\/execute-api\/aws4_request, /,
    );
    // The correlation id is signed too, so it cannot be altered on the way.
    expect(authorization).toMatch(/SignedHeaders=[^,]*x-correlation-id/);
    expect(request?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('encodes the room id into a single path segment', async () => {
    answer = created;
    await new BotApiClient(server.url, 'us-east-1', 1000).postMessage('a/b c', 'hi');
    expect(server.requests[0]?.pathname).toBe('/bot/rooms/a%2Fb%20c/messages');
    expect(seen[0]?.headers['x-correlation-id']).toBeUndefined();
  });

  it('throws ReplyFailedError with the status when the API answers anything but 201', async () => {
    answer = (res) => sendJson(res, 403, { message: 'Forbidden' });
    const attempt = new BotApiClient(server.url, 'us-east-1', 1000).postMessage('lobby', 'hi');
    await expect(attempt).rejects.toBeInstanceOf(ReplyFailedError);
    await expect(attempt).rejects.toThrow(/answered 403/);
  });

  it('throws ReplyFailedError when the API cannot be reached', async () => {
    const client = new BotApiClient(await refusedUrl(), 'us-east-1', 1000);
    await expect(client.postMessage('lobby', 'hi')).rejects.toThrow(ReplyFailedError);
  });

  it('gives up with ReplyFailedError when the API does not answer within the timeout', async () => {
    answer = () => undefined;
    const client = new BotApiClient(server.url, 'us-east-1', 100);
    await expect(client.postMessage('lobby', 'hi')).rejects.toThrow(/could not be reached/);
  });
});
