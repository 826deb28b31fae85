import { afterEach, describe, expect, it } from 'vitest';
import { defaultIntegrationTimeoutMs, maxPayloadBytes } from '../../../infra/local/http-api';
import { FunctionError, InvokeError } from '../../../infra/local/types';
import { closeApis, send, startApi } from './http-api-harness';

afterEach(closeApis);

describe('startHttpApi: API Gateway answers for itself when the integration fails', () => {
  it('waits 30 s for a function and takes 10 MB bodies by default, the HTTP API quotas', () => {
    expect(defaultIntegrationTimeoutMs).toBe(30_000);
    expect(maxPayloadBytes).toBe(10 * 1024 * 1024);
  });

  it('answers 503 Service Unavailable when the function outlasts the integration timeout, and serves on', async () => {
    let release: (value: unknown) => void = () => undefined;
    const slow = new Promise((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const { url } = await startApi(() => (++calls === 1 ? slow : { ok: true }), {
      integrationTimeoutMs: 200,
    });
    const res = await send(url, 'GET', '/rooms');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.text)).toEqual({ message: 'Service Unavailable' });
    // The function's late result goes nowhere; the API keeps answering.
    release({ rooms: [] });
    const next = await send(url, 'GET', '/rooms');
    expect(next.status).toBe(200);
    expect(JSON.parse(next.text)).toEqual({ ok: true });
  });

  it('answers 413 Request Entity Too Large when Lambda refuses an event over its payload limit', async () => {
    const { url } = await startApi(() => {
      throw new InvokeError(
        'RequestEntityTooLargeException',
        'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
        413,
      );
    });
    const res = await send(url, 'POST', '/sessions', { 'content-type': 'application/octet-stream' }, 'x');
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({ message: 'Request Entity Too Large' });
  });

  it('answers 500 Internal Server Error when the response is over Lambda’s limit or the function timed out', async () => {
    const errors = [
      new FunctionError(
        'Function.ResponseSizeTooLarge',
        'Response payload size exceeded maximum allowed payload size',
      ),
      new FunctionError('Sandbox.Timedout', 'Task timed out after 3.00 seconds'),
      new InvokeError('ResourceNotFoundException', 'Function not found', 404),
    ];
    const { url } = await startApi(() => {
      throw errors.shift();
    });
    for (let i = 0; i < 3; i++) {
      const res = await send(url, 'GET', '/rooms');
      expect(res.status).toBe(500);
      expect(JSON.parse(res.text)).toEqual({ message: 'Internal Server Error' });
    }
  });
});
