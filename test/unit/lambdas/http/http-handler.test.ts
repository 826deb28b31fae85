import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../../lambdas/core/errors';
import { bodyText, httpHandler } from '../../../../lambdas/http/http-handler';
import { bodyOf, httpEvent } from '../handler-env';

describe('httpHandler', () => {
  it('answers the route reply as JSON with its status', async () => {
    const handler = httpHandler(async () => ({ status: 201, body: { ok: true } }));
    expect(await handler(httpEvent('POST /x'))).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
    });
  });

  it('turns a ChatError into its status and an error body', async () => {
    const handler = httpHandler(async () => {
      throw new ChatError('room_not_found', 'There is no room "x"');
    });
    const result = await handler(httpEvent('GET /x'));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ error: { code: 'room_not_found', message: 'There is no room "x"' } });
  });

  it('answers anything else with 500 and no details', async () => {
    const handler = httpHandler(async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'secret')");
    });
    const result = await handler(httpEvent('GET /x'));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(result.body).not.toMatch(/secret|TypeError|at /);
  });
});

describe('bodyText', () => {
  it('returns a plain body as it is', () => {
    expect(bodyText(httpEvent('POST /x', { body: '{"a":1}' }))).toBe('{"a":1}');
  });

  it('decodes a body HTTP API base64-encoded', () => {
    const body = Buffer.from('{"name":"Zoë"}').toString('base64');
    expect(bodyText(httpEvent('POST /x', { body, isBase64Encoded: true }))).toBe('{"name":"Zoë"}');
  });

  it('returns undefined without a body', () => {
    expect(bodyText(httpEvent('POST /x'))).toBeUndefined();
  });
});
