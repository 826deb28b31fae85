import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readConnectResult } from '../../../../infra/local/ws/connect-response';
import { fakeInvoke, harness, waitFor } from './harness';

const h = harness();
const extraClients: WebSocket[] = [];
afterEach(async () => {
  for (const ws of extraClients.splice(0)) ws.terminate();
  await h.cleanup();
});

/** Opens a client asking for `protocols`; resolves with the socket and the headers of the 101 response. */
function openWithProtocols(url: string, protocols: string[]) {
  const ws = new WebSocket(url, protocols);
  extraClients.push(ws);
  return new Promise<{ ws: WebSocket; headers: Record<string, unknown> }>((resolve, reject) => {
    let headers: Record<string, unknown> = {};
    ws.once('upgrade', (res) => {
      headers = res.headers;
    });
    ws.once('open', () => resolve({ ws, headers }));
    ws.once('error', reject);
  });
}

describe('the $connect response, as API Gateway reads it', () => {
  it('accepts a subprotocol the client asked for once $connect echoes it, and forwards no other header', async () => {
    const fake = fakeInvoke({
      Connect: (event) => {
        const asked = String(event.headers['Sec-WebSocket-Protocol']).split(',');
        expect(asked.map((p) => p.trim())).toEqual(['chat', 'superchat']);
        return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'superchat', 'X-Extra': 'dropped' } };
      },
    });
    const gateway = await h.start({ invoke: fake.invoke });

    const { ws, headers } = await openWithProtocols(gateway.url, ['chat', 'superchat']);
    expect(ws.protocol).toBe('superchat');
    expect(headers['sec-websocket-protocol']).toBe('superchat');
    expect(headers).not.toHaveProperty('x-extra');
  });

  it('never picks a subprotocol itself: when $connect echoes none, the client fails the handshake', async () => {
    const fake = fakeInvoke({ Connect: () => ({ statusCode: 200 }) });
    const gateway = await h.start({ invoke: fake.invoke });

    await expect(h.connect(gateway.url, {}, ['chat'])).rejects.toThrow('Server sent no subprotocol');
    expect(fake.eventsOf('Connect')).toHaveLength(1);
    // API Gateway completed the handshake, so the connection existed: the client's drop is its $disconnect.
    const [disconnect] = await waitFor(
      () => fake.eventsOf('Disconnect').length === 1 && fake.eventsOf('Disconnect'),
      '$disconnect',
    );
    expect(disconnect.requestContext.disconnectStatusCode).toBe(1006);
  });

  it('takes the subprotocol from multiValueHeaders, whatever the header name’s case', async () => {
    const fake = fakeInvoke({
      Connect: () => ({ statusCode: 200, multiValueHeaders: { 'sec-websocket-protocol': ['chat'] } }),
    });
    const gateway = await h.start({ invoke: fake.invoke });

    const { ws } = await openWithProtocols(gateway.url, ['chat']);
    expect(ws.protocol).toBe('chat');
  });

  it('reads the status and the subprotocol of a result', () => {
    expect(readConnectResult(undefined)).toEqual({});
    expect(readConnectResult({ body: 'no status' })).toEqual({});
    expect(readConnectResult({ statusCode: 204 })).toEqual({});
    expect(readConnectResult({ statusCode: 400, headers: { 'Sec-WebSocket-Protocol': 'x' } })).toEqual({
      refuseWith: 400,
    });
    expect(readConnectResult({ statusCode: 200, headers: { 'SEC-WEBSOCKET-PROTOCOL': 'x' } })).toEqual({
      subprotocol: 'x',
    });
    expect(readConnectResult({ headers: { 'Sec-WebSocket-Protocol': 7 } })).toEqual({});
  });
});
