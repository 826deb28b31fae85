import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { localCredentials } from '../../../../infra/local/types';
import { TokenBucket } from '../../../../infra/local/ws/throttle';
import { ConnectionsApiSender } from '../../../../lambdas/adapters/sockets';
import { fanOut } from '../../../../lambdas/core/fan-out';
import type { ConnectionStore, SendOutcome, SocketSender } from '../../../../lambdas/core/ports';
import type { Connection } from '../../../../lambdas/core/types';
import { fakeInvoke, harness, nextMessage, waitFor } from './harness';

const h = harness();
const sdkClients: ApiGatewayManagementApiClient[] = [];
afterEach(async () => {
  for (const client of sdkClients.splice(0)) client.destroy();
  await h.cleanup();
});

/** Practically no refill during a test: the burst is all there is. */
const noRefill = 0.001;

describe('TokenBucket', () => {
  it('lets a burst through, refuses the next request, and refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ rateLimit: 10, burstLimit: 2 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    now += 100; // one token at 10 a second
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000; // never more than the burst
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });
});

describe('the stage’s throttle on the local WebSocket gateway', () => {
  it('is off unless asked for', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke });
    const ws = await h.open(gateway.url);
    for (let i = 0; i < 50; i++) ws.send('{"action":"ping"}');
    ws.send('{"action":"sendMessage"}');
    // Frames are routed in order: once the last one is in, so are the 50 before it.
    await waitFor(() => fake.eventsOf('SendMessage').length === 1, 'the last frame');
    expect(fake.eventsOf('Ping')).toHaveLength(50);
  });

  it('refuses a frame over the limit with API Gateway’s error frame, without invoking its route', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke, throttle: { rateLimit: noRefill, burstLimit: 3 } });
    const ws = await h.open(gateway.url); // $connect takes the first token
    const frames: string[] = [];
    ws.on('message', (data) => frames.push(String(data)));
    const refused = nextMessage(ws);
    ws.send('{"action":"ping"}');
    ws.send('{"action":"ping"}');
    ws.send('{"action":"ping"}');

    expect(JSON.parse(await refused)).toEqual({
      message: 'Too Many Requests',
      connectionId: fake.eventsOf('Connect')[0].requestContext.connectionId,
      requestId: expect.stringMatching(/^[A-Za-z0-9]{15}=$/),
    });
    expect(fake.eventsOf('Ping')).toHaveLength(2);
  });

  it('refuses a handshake over the limit with 429, without invoking $connect', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke, throttle: { rateLimit: noRefill, burstLimit: 1 } });
    await h.open(gateway.url);

    expect(await h.connect(gateway.url)).toBe(429);
    expect(fake.eventsOf('Connect')).toHaveLength(1);
  });

  it('makes the fan-out back off and retry throttled posts until every socket has its frame', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke });
    const sockets: WebSocket[] = [];
    for (let i = 0; i < 10; i++) sockets.push(await h.open(gateway.url));
    const connections: Connection[] = fake.eventsOf('Connect').map((event) => ({
      connectionId: event.requestContext.connectionId,
      roomId: 'lobby',
      name: 'guest',
      connectedAt: new Date(event.requestContext.connectedAt).toISOString(),
    }));
    // Now a stage that lets 2 posts through at once, then 5 a second, under the fan-out's 10 concurrent posts.
    gateway.setThrottle({ rateLimit: 5, burstLimit: 2 });
    const received = sockets.map((ws) => nextMessage(ws));

    // The functions' own client: real SDK, signed with the local credentials, one attempt (fan-out retries).
    const client = new ApiGatewayManagementApiClient({
      endpoint: gateway.callbackUrl,
      region: localCredentials.region,
      credentials: localCredentials,
      maxAttempts: 1,
    });
    sdkClients.push(client);
    const outcomes: SendOutcome[] = [];
    const sender = new ConnectionsApiSender(client);
    const counting: SocketSender = {
      send: async (id, data) => {
        const outcome = await sender.send(id, data);
        outcomes.push(outcome);
        return outcome;
      },
    };
    const result = await fanOut(
      { connections: unusedStore, sockets: counting },
      'lobby',
      { type: 'pong' },
      Date.now(),
      {
        pages: (async function* () {
          yield connections;
        })(),
        // The upper edge of the full jitter, so the waits (25 ms doubling) do not depend on chance.
        random: () => 1,
        maxThrottleRetries: 10,
      },
    );

    expect(result).toEqual({ delivered: 10, gone: 0, throttled: 0, failed: 0 });
    expect(outcomes.filter((o) => o === 'throttled').length).toBeGreaterThan(0);
    expect(await Promise.all(received)).toEqual(Array(10).fill('{"type":"pong"}'));
  });
});

/** The fan-out is given its page of connections and nobody is gone, so the store is never touched. */
const unusedStore: ConnectionStore = {
  putConnection: () => Promise.reject(new Error('unused')),
  getConnection: () => Promise.reject(new Error('unused')),
  deleteConnection: () => Promise.reject(new Error('unused')),
  moveConnection: () => Promise.reject(new Error('unused')),
  roomConnections: () => {
    throw new Error('unused');
  },
};
