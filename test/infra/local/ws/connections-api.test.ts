import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterEach, describe, expect, it } from 'vitest';
import { closeOf, fakeInvoke, harness, nextMessage, waitFor } from './harness';

const h = harness();
const sdkClients: ApiGatewayManagementApiClient[] = [];
afterEach(async () => {
  for (const client of sdkClients.splice(0)) client.destroy();
  await h.cleanup();
});

function sdk(endpoint: string) {
  const client = new ApiGatewayManagementApiClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  sdkClients.push(client);
  return client;
}

/** Starts a gateway, opens one client and returns it with its connection id (as $connect saw it). */
async function connected() {
  const fake = fakeInvoke();
  const gateway = await h.start({ invoke: fake.invoke });
  const ws = await h.open(gateway.url, { 'User-Agent': 'chatty-browser' });
  const connectionId: string = fake.eventsOf('Connect')[0].requestContext.connectionId;
  return { fake, gateway, ws, connectionId, client: sdk(gateway.callbackUrl) };
}

async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail');
}

describe('the local @connections API', () => {
  it('delivers a PostToConnection payload to the socket as one text frame', async () => {
    const { ws, connectionId, client } = await connected();
    expect(connectionId).toContain('=');
    const received = nextMessage(ws);

    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"type":"pong"}' }));
    expect(await received).toBe('{"type":"pong"}');
  });

  it('answers an unknown connection id with a GoneException the SDK recognizes', async () => {
    const { client } = await connected();

    const err = await rejection(
      client.send(new PostToConnectionCommand({ ConnectionId: 'Nope0000000000A=', Data: 'x' })),
    );
    expect(err).toBeInstanceOf(GoneException);
    expect(err.name).toBe('GoneException');
    expect(err.$metadata?.httpStatusCode).toBe(410);
  });

  it('answers 410 GoneException for a connection that has closed', async () => {
    const { fake, ws, connectionId, client } = await connected();
    ws.close(1000);
    await waitFor(() => fake.eventsOf('Disconnect').length === 1);

    const post = await rejection(
      client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })),
    );
    expect(post.name).toBe('GoneException');
    const get = await rejection(client.send(new GetConnectionCommand({ ConnectionId: connectionId })));
    expect(get.name).toBe('GoneException');
  });

  it('answers 410 GoneException to a post made from inside $connect', async () => {
    const gatewayRef: { callbackUrl?: string } = {};
    const outcome: { error?: Error & { $metadata?: { httpStatusCode?: number } } } = {};
    const fake = fakeInvoke({
      Connect: async (event) => {
        const client = sdk(gatewayRef.callbackUrl as string);
        const data = 'welcome';
        outcome.error = await rejection(
          client.send(
            new PostToConnectionCommand({ ConnectionId: event.requestContext.connectionId, Data: data }),
          ),
        );
        return { statusCode: 200 };
      },
    });
    const gateway = await h.start({ invoke: fake.invoke });
    gatewayRef.callbackUrl = gateway.callbackUrl;
    await h.open(gateway.url);

    expect(outcome.error?.name).toBe('GoneException');
    expect(outcome.error?.$metadata?.httpStatusCode).toBe(410);
  });

  it('accepts a 128 KB payload and refuses a bigger one with PayloadTooLargeException', async () => {
    const { ws, connectionId, client } = await connected();
    const received = nextMessage(ws);
    await client.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'a'.repeat(128 * 1024) }),
    );
    expect((await received).length).toBe(128 * 1024);

    const err = await rejection(
      client.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'a'.repeat(128 * 1024 + 1) }),
      ),
    );
    expect(err).toBeInstanceOf(PayloadTooLargeException);
    expect(err.$metadata?.httpStatusCode).toBe(413);
  });

  it('describes a connection with GetConnection: dates the SDK parses, and the client’s identity', async () => {
    const { fake, ws, connectionId, client } = await connected();
    const before = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));

    const connectedAt: number = fake.eventsOf('Connect')[0].requestContext.connectedAt;
    expect(before.ConnectedAt).toBeInstanceOf(Date);
    expect(before.ConnectedAt?.getTime()).toBe(connectedAt);
    expect(before.LastActiveAt).toBeInstanceOf(Date);
    expect(before.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'chatty-browser' });

    ws.send('{"action":"ping"}');
    await waitFor(() => fake.eventsOf('Ping').length === 1);
    const after = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(after.LastActiveAt?.getTime()).toBeGreaterThanOrEqual(before.LastActiveAt?.getTime() ?? Infinity);
    expect(after.LastActiveAt?.getTime()).toBeGreaterThanOrEqual(connectedAt);
  });

  it('closes the socket on DeleteConnection, then runs $disconnect once with 1000', async () => {
    const { fake, gateway, ws, connectionId, client } = await connected();
    const closed = closeOf(ws);

    await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect((await closed).code).toBe(1000);
    await gateway.close(); // waits for pending $disconnect invocations
    const disconnects = fake.eventsOf('Disconnect');
    expect(disconnects).toHaveLength(1);
    expect(disconnects[0].requestContext).toMatchObject({
      connectionId,
      disconnectStatusCode: 1000,
      disconnectReason: 'Connection Closed Normally',
    });
  });

  it('answers raw HTTP callers with the x-amzn-ErrorType header and accepts an encoded @ in the path', async () => {
    const { ws, connectionId, gateway } = await connected();
    const received = nextMessage(ws);
    const encoded = await fetch(`${gateway.callbackUrl}/%40connections/${encodeURIComponent(connectionId)}`, {
      method: 'POST',
      body: 'hello',
    });
    expect(encoded.status).toBe(200);
    expect(await received).toBe('hello');

    const gone = await fetch(
      `${gateway.callbackUrl}/@connections/${encodeURIComponent('Nope0000000000A=')}`,
      {
        method: 'POST',
        body: 'hello',
      },
    );
    expect(gone.status).toBe(410);
    expect(gone.headers.get('x-amzn-errortype')).toBe('GoneException');

    const elsewhere = await fetch(
      `${gateway.callbackUrl.replace('/live', '/dev')}/@connections/${connectionId}`,
    );
    expect(elsewhere.status).toBe(403);
  });
});
