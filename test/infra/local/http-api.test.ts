import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpApiEvent } from '../../../infra/local/http-api-event';
import type { HttpRouteSpec } from '../../../infra/spec';
import { closeApis, iamCredentials, send, startApi as start } from './http-api-harness';

afterEach(closeApis);

async function signedHeaders(
  url: string,
  path: string,
  body: string,
  secretAccessKey = iamCredentials.secretAccessKey,
) {
  const { host } = new URL(url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: iamCredentials.accessKeyId, secretAccessKey },
    region: 'us-east-1',
    service: 'execute-api',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: host.split(':')[0] as string,
    path,
    headers: { host, 'content-type': 'application/json' },
    body,
  });
  return signed.headers;
}

describe('startHttpApi', () => {
  it('serves on 127.0.0.1 without a stage in the URL and routes a request to its function', async () => {
    const { calls, url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await send(url, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(calls.map((c) => c.functionName)).toEqual(['Health']);
  });

  it('builds a payload format 2.0 event with route, path, query, headers and request context', async () => {
    const { calls, url } = await start();
    const body = JSON.stringify({ text: 'hi' });
    await send(
      url,
      'POST',
      '/rooms/caf%C3%A9%20room/messages?limit=5&x=a%20b',
      { 'Content-Type': 'application/json', 'User-Agent': 'chatty-test', 'X-Custom': 'Yes' },
      body,
    );
    const [call] = calls;
    expect(call?.functionName).toBe('PostMessage');
    const event = call?.event as HttpApiEvent;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /rooms/{roomId}/messages',
      // HTTP APIs decode the path they pass on (REST APIs and Function URLs do not): see the next tests.
      rawPath: '/rooms/café room/messages',
      rawQueryString: 'limit=5&x=a%20b',
      queryStringParameters: { limit: '5', x: 'a b' },
      pathParameters: { roomId: 'café room' },
      body,
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'chatty-test',
      'x-custom': 'Yes',
    });
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    const ctx = event.requestContext;
    expect(ctx).toMatchObject({
      accountId: '000000000000',
      apiId: expect.stringMatching(/^[a-z0-9]{10}$/),
      domainName: new URL(url).host,
      domainPrefix: '127',
      http: {
        method: 'POST',
        path: '/rooms/café room/messages',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'chatty-test',
      },
      requestId: expect.any(String),
      routeKey: 'POST /rooms/{roomId}/messages',
      stage: '$default',
      time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
      timeEpoch: expect.any(Number),
    });
    expect(ctx.authorizer).toBeUndefined();
  });

  it('leaves out query parameters, path parameters, cookies and body when the request has none', async () => {
    const { calls, url } = await start();
    await send(url, 'GET', '/rooms');
    const event = calls[0]?.event as HttpApiEvent;
    expect(event.rawQueryString).toBe('');
    expect(event.isBase64Encoded).toBe(false);
    for (const absent of ['queryStringParameters', 'pathParameters', 'cookies', 'body']) {
      expect(event).not.toHaveProperty(absent);
    }
  });

  it('joins repeated headers and repeated query parameters with commas and keeps the raw query verbatim', async () => {
    const { calls, url } = await start();
    await send(url, 'GET', '/rooms/lobby/messages?tag=a&tag=b&empty&before=x%2By', {
      'x-multi': ['one', 'two'],
    });
    const event = calls[0]?.event as HttpApiEvent;
    expect(event.headers['x-multi']).toBe('one,two');
    expect(event.rawQueryString).toBe('tag=a&tag=b&empty&before=x%2By');
    expect(event.queryStringParameters).toEqual({ tag: 'a,b', empty: '', before: 'x+y' });
  });

  it('moves cookies out of the headers into the cookies list', async () => {
    const { calls, url } = await start();
    await send(url, 'GET', '/rooms', { cookie: 'a=1; b=2' });
    const event = calls[0]?.event as HttpApiEvent;
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('base64-encodes a body whose content type is not text-like', async () => {
    const { calls, url } = await start();
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await send(url, 'POST', '/sessions', { 'content-type': 'application/octet-stream' }, bytes);
    await send(url, 'POST', '/sessions', { 'content-type': 'text/plain; charset=utf-8' }, 'plain words');
    expect(calls[0]?.event).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
    expect(calls[1]?.event).toMatchObject({ body: 'plain words', isBase64Encoded: false });
  });

  it('uses statusCode, headers, cookies and body of a full response', async () => {
    const { url } = await start(() => ({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'X-Extra': 7 },
      cookies: ['session=abc; HttpOnly', 'theme=dark'],
      body: '{"created":true}',
    }));
    const res = await send(url, 'POST', '/sessions', { 'content-type': 'application/json' }, '{}');
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-extra']).toBe('7');
    expect(res.headers['set-cookie']).toEqual(['session=abc; HttpOnly', 'theme=dark']);
    expect(res.text).toBe('{"created":true}');
  });

  it('decodes a base64 response body', async () => {
    const bytes = Buffer.from([9, 8, 7, 0, 255]);
    const { url } = await start(() => ({
      statusCode: 200,
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    }));
    const res = await send(url, 'GET', '/health');
    expect(res.body.equals(bytes)).toBe(true);
  });

  it('turns a result without statusCode into a 200 JSON response', async () => {
    const results: unknown[] = [{ rooms: [] }, [1, 2], 42, 'Hello from Lambda!'];
    const { url } = await start(() => results.shift());
    const bodies: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await send(url, 'GET', '/rooms');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      bodies.push(res.text);
    }
    // The AWS docs' own example: a string result is the body as is, not re-quoted.
    expect(bodies).toEqual(['{"rooms":[]}', '[1,2]', '42', 'Hello from Lambda!']);
  });

  it('answers 500 Internal Server Error when the function throws, without leaking the error', async () => {
    const { url } = await start(() => {
      throw new Error('secret stack detail');
    });
    const res = await send(url, 'GET', '/rooms');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text)).toEqual({ message: 'Internal Server Error' });
  });

  it('answers 500 when the function returns a malformed statusCode', async () => {
    const { url } = await start(() => ({ statusCode: 'two hundred', body: 'x' }));
    const res = await send(url, 'GET', '/rooms');
    expect(res.status).toBe(500);
  });

  it('answers 404 Not Found for an unknown path or a known path under another method', async () => {
    const { calls, url } = await start();
    for (const [method, path] of [
      ['GET', '/nowhere'],
      ['DELETE', '/rooms'],
      ['GET', '/rooms/lobby'],
      ['GET', '/rooms//messages'],
    ] as const) {
      const res = await send(url, method, path);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text)).toEqual({ message: 'Not Found' });
    }
    expect(calls).toHaveLength(0);
  });

  it('prefers a literal path segment over a parameter', async () => {
    const routes: HttpRouteSpec[] = [
      { method: 'GET', path: '/rooms/{roomId}', function: 'ByParam', auth: 'none' },
      { method: 'GET', path: '/rooms/special', function: 'Literal', auth: 'none' },
    ];
    const { calls, url } = await start(undefined, { routes });
    await send(url, 'GET', '/rooms/special');
    await send(url, 'GET', '/rooms/other');
    expect(calls.map((c) => c.functionName)).toEqual(['Literal', 'ByParam']);
  });

  it('refuses an unsigned call to an iam route with 403 Forbidden without invoking the function', async () => {
    const { calls, url } = await start();
    const res = await send(
      url,
      'POST',
      '/bot/rooms/lobby/messages',
      { 'content-type': 'application/json' },
      '{}',
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toEqual({ message: 'Forbidden' });
    expect(calls).toHaveLength(0);
  });

  it('refuses a badly signed call to an iam route with 403 and the reason', async () => {
    const { calls, url } = await start();
    const path = '/bot/rooms/lobby/messages';
    const body = JSON.stringify({ text: 'hi' });
    const headers = await signedHeaders(url, path, body, 'not-the-secret');
    const res = await send(url, 'POST', path, headers, body);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).message).toContain('signature');
    expect(calls).toHaveLength(0);
  });

  it('passes a correctly signed call to an iam route with the IAM identity in the authorizer', async () => {
    const { calls, url } = await start();
    const path = '/bot/rooms/lobby/messages';
    const body = JSON.stringify({ text: 'Hello from Pyro' });
    const res = await send(url, 'POST', path, await signedHeaders(url, path, body), body);
    expect(res.status).toBe(200);
    expect(calls[0]?.functionName).toBe('BotPostMessage');
    expect(calls[0]?.event.requestContext.authorizer).toEqual({
      iam: {
        accessKey: 'LOCALCHATTY',
        accountId: '000000000000',
        callerId: expect.any(String),
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: expect.stringMatching(/^arn:aws:iam::000000000000:/),
        userId: expect.any(String),
      },
    });
  });

  it('answers 413 for a body over 10 MB without invoking the function', async () => {
    const { calls, url } = await start();
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    const res = await send(url, 'POST', '/sessions', { 'content-type': 'application/json' }, big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ message: 'Request Entity Too Large' });
    expect(calls).toHaveLength(0);
  });
});
