import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { closeOf, deferred, fakeInvoke, harness, nextMessage, waitFor } from './ws/harness';

const h = harness();
afterEach(() => h.cleanup());

const apiGatewayIdPattern = /^[A-Za-z0-9]{15}=$/;
const requestTimePattern = /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/;

describe('the local WebSocket gateway', () => {
  it('gives $connect the upgrade request headers and query string in API Gateway shape, without a body', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke });
    await h.open(`${gateway.url}?token=abc&roomId=lobby&roomId=kitchen`, {
      'User-Agent': 'chatty-test/1.0',
      'X-Custom-Header': 'yes',
    });

    const [event] = fake.eventsOf('Connect');
    const port = new URL(gateway.url).port;
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.headers).toMatchObject({
      Host: `127.0.0.1:${port}`,
      'X-Custom-Header': 'yes',
      'User-Agent': 'chatty-test/1.0',
      'Sec-WebSocket-Version': '13',
      'X-Forwarded-For': '127.0.0.1',
    });
    expect(event.headers['Sec-WebSocket-Key']).toEqual(expect.any(String));
    expect(event.multiValueHeaders['X-Custom-Header']).toEqual(['yes']);
    expect(event.queryStringParameters).toEqual({ token: 'abc', roomId: 'kitchen' });
    expect(event.multiValueQueryStringParameters).toEqual({ token: ['abc'], roomId: ['lobby', 'kitchen'] });

    const ctx = event.requestContext;
    expect(ctx).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      messageDirection: 'IN',
      stage: 'live',
      apiId: 'local',
      domainName: `127.0.0.1:${port}`,
      identity: { sourceIp: '127.0.0.1', userAgent: 'chatty-test/1.0' },
    });
    expect(ctx.connectionId).toMatch(apiGatewayIdPattern);
    expect(ctx.requestId).toMatch(apiGatewayIdPattern);
    expect(ctx.extendedRequestId).toBe(ctx.requestId);
    expect(ctx.connectedAt).toEqual(expect.any(Number));
    expect(ctx.requestTimeEpoch).toBeGreaterThanOrEqual(ctx.connectedAt);
    expect(ctx.requestTime).toMatch(requestTimePattern);
    expect(ctx).not.toHaveProperty('messageId');
    expect(ctx).not.toHaveProperty('authorizer');
  });

  it('gives message routes the raw frame text as body, with a messageId and the connection’s ids', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke, apiId: 'abc123' });
    const ws = await h.open(gateway.url);
    const frame = '{"action":"sendMessage","text":"hi"}';
    ws.send(frame);

    const [event] = await waitFor(
      () => fake.eventsOf('SendMessage').length === 1 && fake.eventsOf('SendMessage'),
    );
    const connect = fake.eventsOf('Connect')[0].requestContext;
    expect(event.body).toBe(frame);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toMatchObject({
      routeKey: 'sendMessage',
      eventType: 'MESSAGE',
      messageDirection: 'IN',
      apiId: 'abc123',
      connectionId: connect.connectionId,
      connectedAt: connect.connectedAt,
    });
    expect(event.requestContext.messageId).toMatch(apiGatewayIdPattern);
    expect(event.requestContext.requestId).not.toBe(connect.requestId);
    expect(event.requestContext.requestTime).toMatch(requestTimePattern);
    expect(event).not.toHaveProperty('queryStringParameters');
  });

  it('gives $disconnect the client’s close code and reason', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke });
    const ws = await h.open(gateway.url);
    ws.close(4001, 'leaving now');

    const [event] = await waitFor(
      () => fake.eventsOf('Disconnect').length > 0 && fake.eventsOf('Disconnect'),
    );
    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      disconnectStatusCode: 4001,
      disconnectReason: 'leaving now',
      connectionId: fake.eventsOf('Connect')[0].requestContext.connectionId,
    });
    expect(event).not.toHaveProperty('body');
    expect(event.requestContext).not.toHaveProperty('messageId');
  });

  it('reports 1005 when the client closes without a status code', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke });
    const ws = await h.open(gateway.url);
    ws.close();

    const [event] = await waitFor(
      () => fake.eventsOf('Disconnect').length > 0 && fake.eventsOf('Disconnect'),
    );
    expect(event.requestContext.disconnectStatusCode).toBe(1005);
  });

  it('opens the socket only after $connect has returned', async () => {
    const release = deferred<unknown>();
    const fake = fakeInvoke({ Connect: () => release.promise });
    const gateway = await h.start({ invoke: fake.invoke });
    let opened = false;
    const connecting = h.connect(gateway.url).then((ws) => {
      opened = true;
      return ws;
    });

    await waitFor(() => fake.eventsOf('Connect').length === 1);
    expect(opened).toBe(false);
    expect(gateway.connectionCount()).toBe(0);
    release.resolve({ statusCode: 200 });
    expect(typeof (await connecting)).toBe('object');
    expect(gateway.connectionCount()).toBe(1);
  });

  it('still runs $disconnect when the client gives up while $connect runs', async () => {
    const release = deferred<unknown>();
    const fake = fakeInvoke({ Connect: () => release.promise });
    const gateway = await h.start({ invoke: fake.invoke });
    h.connect(gateway.url).catch(() => undefined);
    const [connect] = await waitFor(() => fake.eventsOf('Connect').length === 1 && fake.eventsOf('Connect'));
    h.clients().at(-1)?.terminate();
    // Give the server a moment to see the dropped socket; should it not yet, the upgrade fails right after
    // and the assertion below holds all the same.
    await new Promise((resolve) => setTimeout(resolve, 50));
    release.resolve({ statusCode: 200 });

    const [event] = await waitFor(
      () => fake.eventsOf('Disconnect').length > 0 && fake.eventsOf('Disconnect'),
    );
    expect(event.requestContext).toMatchObject({
      connectionId: connect.requestContext.connectionId,
      disconnectStatusCode: 1006,
    });
    expect(gateway.connectionCount()).toBe(0);
  });

  it('refuses the handshake with the status $connect returns when it is not 2xx', async () => {
    const fake = fakeInvoke({ Connect: () => ({ statusCode: 429, body: 'slow down' }) });
    const gateway = await h.start({ invoke: fake.invoke });

    expect(await h.connect(gateway.url)).toBe(429);
    expect(gateway.connectionCount()).toBe(0);
  });

  it('refuses the handshake with 500 when $connect throws, and never runs $disconnect for it', async () => {
    const fake = fakeInvoke({
      Connect: () => {
        throw new Error('boom');
      },
    });
    const gateway = await h.start({ invoke: fake.invoke });

    expect(await h.connect(gateway.url)).toBe(500);
    await gateway.close();
    expect(fake.eventsOf('Disconnect')).toHaveLength(0);
  });

  it('refuses upgrades on any path other than the stage', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke });

    expect(await h.connect(gateway.url.replace('/live', '/dev'))).toBe(403);
    expect(fake.calls).toHaveLength(0);
  });

  it('routes on the string `action` of a JSON body and sends everything else to $default', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke });
    const ws = await h.open(gateway.url);
    const frames = [
      '{"action":"ping"}',
      '{"action":"unknownAction"}',
      'not json at all',
      '{"text":"no action"}',
      '{"action":42}',
      '["sendMessage"]',
      '{"action":"$connect"}',
      '{"action":"SendMessage"}',
      '{"action":"sendMessage"}',
    ];
    for (const frame of frames) ws.send(frame);

    const messages = await waitFor(() => {
      const routed = fake.calls.filter((c) => c.event.requestContext.eventType === 'MESSAGE');
      return routed.length === frames.length && routed;
    });
    expect(messages.map((m) => [m.event.body, m.fn, m.event.requestContext.routeKey])).toEqual([
      [frames[0], 'Ping', 'ping'],
      [frames[1], 'Default', '$default'],
      [frames[2], 'Default', '$default'],
      [frames[3], 'Default', '$default'],
      [frames[4], 'Default', '$default'],
      [frames[5], 'Default', '$default'],
      [frames[6], 'Default', '$default'],
      [frames[7], 'Default', '$default'],
      [frames[8], 'SendMessage', 'sendMessage'],
    ]);
  });

  it('answers Forbidden like API Gateway when no route matches and there is no $default', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({
      invoke: fake.invoke,
      routes: [{ routeKey: 'ping', function: 'Ping' }],
    });
    const ws = await h.open(gateway.url);
    const reply = nextMessage(ws);
    ws.send('{"action":"nope"}');

    const body = JSON.parse(await reply);
    expect(body).toEqual({
      message: 'Forbidden',
      connectionId: expect.any(String),
      requestId: expect.any(String),
    });
    expect(body.connectionId).toMatch(apiGatewayIdPattern);
    expect(fake.calls).toHaveLength(0);
  });

  it('does not send a route’s returned body back (no route response is configured)', async () => {
    const fake = fakeInvoke({
      Ping: () => ({ statusCode: 200, body: 'pong from the handler' }),
      Default: () => {
        throw new Error('broken');
      },
    });
    const gateway = await h.start({ invoke: fake.invoke });
    const ws = await h.open(gateway.url);
    const received: string[] = [];
    ws.on('message', (data) => received.push(String(data)));
    ws.send('{"action":"ping"}');
    ws.send('anything for $default');

    // The $default failure is the first and only frame the client sees.
    await waitFor(() => received.length > 0);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0] as string).message).toBe('Internal server error');
  });

  it('sends API Gateway’s Internal server error frame when a message route throws', async () => {
    const fake = fakeInvoke({
      SendMessage: () => {
        throw new Error('database down');
      },
    });
    const gateway = await h.start({ invoke: fake.invoke });
    const ws = await h.open(gateway.url);
    const reply = nextMessage(ws);
    ws.send('{"action":"sendMessage"}');

    const body = JSON.parse(await reply);
    const event = fake.eventsOf('SendMessage')[0];
    expect(body).toEqual({
      message: 'Internal server error',
      connectionId: event.requestContext.connectionId,
      requestId: event.requestContext.requestId,
    });
    expect(ws.readyState).toBe(ws.OPEN);
  });

  it('invokes each message’s route as it arrives, without waiting for the previous invocation', async () => {
    const first = deferred<unknown>();
    const fake = fakeInvoke({ SendMessage: () => first.promise });
    const gateway = await h.start({ invoke: fake.invoke });
    const ws = await h.open(gateway.url);
    ws.send('{"action":"sendMessage","n":1}');
    ws.send('{"action":"ping","n":2}');

    await waitFor(() => fake.eventsOf('Ping').length === 1);
    expect(fake.eventsOf('SendMessage')).toHaveLength(1);
    first.resolve({ statusCode: 200 });
  });

  it('accepts a 32 KB frame and closes the socket with 1009 on a bigger one', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke });
    const ws = await h.open(gateway.url);
    ws.send('x'.repeat(32 * 1024));
    await waitFor(() => fake.eventsOf('Default').length === 1);
    const closed = closeOf(ws);
    ws.send('x'.repeat(32 * 1024 + 1));

    expect((await closed).code).toBe(1009);
    const [event] = await waitFor(
      () => fake.eventsOf('Disconnect').length > 0 && fake.eventsOf('Disconnect'),
    );
    expect(event.requestContext.disconnectStatusCode).toBe(1009);
    expect(fake.eventsOf('Default')).toHaveLength(1);
  });

  it('closes the socket with 1003 on a binary frame', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke });
    const ws = await h.open(gateway.url);
    const closed = closeOf(ws);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });

    expect((await closed).code).toBe(1003);
    const [event] = await waitFor(
      () => fake.eventsOf('Disconnect').length > 0 && fake.eventsOf('Disconnect'),
    );
    expect(event.requestContext.disconnectStatusCode).toBe(1003);
    expect(fake.eventsOf('Default')).toHaveLength(0);
  });

  it('closes idle connections with 1001 Going away', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke, idleTimeoutMs: 100 });
    const ws = await h.open(gateway.url);

    expect(await closeOf(ws)).toEqual({ code: 1001, reason: 'Going away' });
    const [event] = await waitFor(
      () => fake.eventsOf('Disconnect').length > 0 && fake.eventsOf('Disconnect'),
    );
    expect(event.requestContext).toMatchObject({
      disconnectStatusCode: 1001,
      disconnectReason: 'Going away',
    });
  });

  it('closes connections older than the maximum connection time with 1001 Going away', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke, maxConnectionMs: 100 });
    const ws = await h.open(gateway.url);

    expect(await closeOf(ws)).toEqual({ code: 1001, reason: 'Going away' });
    expect(gateway.connectionCount()).toBe(0);
  });

  it('runs $disconnect exactly once per connection, whoever closes it', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke, idleTimeoutMs: 100 });
    const byClient = await h.open(gateway.url);
    const byServer = await h.open(gateway.url);
    await h.open(gateway.url); // left for the shutdown (or the idle timeout) to close
    byClient.close(1000);
    byClient.terminate(); // a close frame and a dropped TCP connection: still one $disconnect
    await closeOf(byServer); // the idle timeout closes it
    await gateway.close(); // closes whatever is left and waits for every $disconnect

    const ids = fake.eventsOf('Disconnect').map((e) => e.requestContext.connectionId);
    const connected = fake.eventsOf('Connect').map((e) => e.requestContext.connectionId);
    expect(ids.sort()).toEqual(connected.sort());
    expect(new Set(ids).size).toBe(3);
  });

  it('counts open connections', async () => {
    const gateway = await h.start({ invoke: fakeInvoke().invoke });
    const a = await h.open(gateway.url);
    await h.open(gateway.url);
    expect(gateway.connectionCount()).toBe(2);
    a.close();
    await waitFor(() => gateway.connectionCount() === 1);
  });

  it('closes its clients with 1001 and runs their $disconnect when it shuts down', async () => {
    const fake = fakeInvoke();
    const gateway = await h.start({ invoke: fake.invoke });
    const ws: WebSocket = await h.open(gateway.url);
    const closed = closeOf(ws);
    await gateway.close();

    expect((await closed).code).toBe(1001);
    expect(fake.eventsOf('Disconnect')).toHaveLength(1);
  });
});
