import { connect } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  ApiGatewayManagementApiClient,
  ApiGatewayManagementApiServiceException,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  LimitExceededException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, describe, expect, it } from 'vitest';
import { localCredentials } from '../../../../infra/local/types';
import type { ThrottleLimits } from '../../../../infra/local/ws/throttle';
import { closeOf, fakeInvoke, harness, nextMessage, waitFor } from './harness';

const h = harness();
const sdkClients: ApiGatewayManagementApiClient[] = [];
afterEach(async () => {
  for (const client of sdkClients.splice(0)) client.destroy();
  await h.cleanup();
});

/** The real SDK client, signing with the local credentials (or others, to be refused); one attempt, as ours. */
function sdk(endpoint: string, credentials: { accessKeyId?: string; secretAccessKey?: string } = {}) {
  const client = new ApiGatewayManagementApiClient({
    endpoint,
    region: localCredentials.region,
    credentials: { ...localCredentials, ...credentials },
    maxAttempts: 1,
  });
  sdkClients.push(client);
  return client;
}

/** fetch, signed (SigV4, execute-api) with the local credentials, as awscurl or Postman would sign it. */
async function signedFetch(url: string, method: string, body?: string): Promise<Response> {
  const { hostname, port, pathname, host } = new URL(url);
  const signer = new SignatureV4({
    credentials: localCredentials,
    region: localCredentials.region,
    service: 'execute-api',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: pathname,
    headers: { host },
    body,
  });
  return fetch(url, { method, headers: signed.headers, body });
}

/** Starts a gateway, opens one client and returns it with its connection id (as $connect saw it). */
async function connected(throttle?: ThrottleLimits) {
  const fake = fakeInvoke();
  const gateway = await h.start({ invoke: fake.invoke, throttle });
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
    const encoded = await signedFetch(
      `${gateway.callbackUrl}/%40connections/${encodeURIComponent(connectionId)}`,
      'POST',
      'hello',
    );
    expect(encoded.status).toBe(200);
    expect(await received).toBe('hello');

    const gone = await signedFetch(
      `${gateway.callbackUrl}/@connections/${encodeURIComponent('Nope0000000000A=')}`,
      'POST',
      'hello',
    );
    expect(gone.status).toBe(410);
    expect(gone.headers.get('x-amzn-errortype')).toBe('GoneException');

    const elsewhere = await signedFetch(
      `${gateway.callbackUrl.replace('/live', '/dev')}/@connections/${connectionId}`,
      'GET',
    );
    expect(elsewhere.status).toBe(403);
  });

  it('shrugs off a caller that goes away in the middle of its body, and keeps serving others', async () => {
    const { ws, connectionId, gateway, client } = await connected();
    const { port } = new URL(gateway.callbackUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /live/@connections/${encodeURIComponent(connectionId)} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        'Content-Length: 1000\r\n\r\npartial',
    );
    socket.destroy();

    const received = nextMessage(ws);
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'still here' }));
    expect(await received).toBe('still here');
  });

  it('answers a malformed connection id with 400 BadRequestException, which the SDK throws by that name', async () => {
    const { gateway, client } = await connected();

    // The SDK has no class of its own for it: it throws its service exception, named after x-amzn-ErrorType.
    const err = await rejection(
      client.send(new PostToConnectionCommand({ ConnectionId: 'not-a-connection', Data: 'x' })),
    );
    expect(err).toBeInstanceOf(ApiGatewayManagementApiServiceException);
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toBe('Invalid connectionId: not-a-connection');
    expect(err.$metadata?.httpStatusCode).toBe(400);
    const get = await rejection(client.send(new GetConnectionCommand({ ConnectionId: 'short=' })));
    expect(get.name).toBe('BadRequestException');

    const raw = await signedFetch(`${gateway.callbackUrl}/@connections/cjy8i76bx002884le6n17d49b`, 'DELETE');
    expect(raw.status).toBe(400);
    expect(raw.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(await raw.json()).toEqual({ message: 'Invalid connectionId: cjy8i76bx002884le6n17d49b' });
  });

  it('refuses an unsigned call with 403 Missing Authentication Token and delivers nothing', async () => {
    const { ws, gateway, connectionId } = await connected();
    const frames: string[] = [];
    ws.on('message', (data) => frames.push(String(data)));
    const url = `${gateway.callbackUrl}/@connections/${encodeURIComponent(connectionId)}`;

    const res = await fetch(url, { method: 'POST', body: 'unsigned' });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
    // Frames arrive in order: once the signed post is in, an accepted unsigned one would be there before it.
    await signedFetch(url, 'POST', 'signed');
    await waitFor(() => frames.includes('signed'), 'the signed frame');
    expect(frames).toEqual(['signed']);
  });

  it('refuses a wrong signature or an unknown key with 403 and the reason, as the SDK reports it', async () => {
    const { gateway, connectionId } = await connected();

    const wrongSecret = await rejection(
      sdk(gateway.callbackUrl, { secretAccessKey: 'not-the-secret' }).send(
        new GetConnectionCommand({ ConnectionId: connectionId }),
      ),
    );
    expect(wrongSecret.name).toBe('InvalidSignatureException');
    expect(wrongSecret.$metadata?.httpStatusCode).toBe(403);
    expect(wrongSecret.message).toMatch(/^The request signature we calculated does not match/);

    const stranger = await rejection(
      sdk(gateway.callbackUrl, { accessKeyId: 'AKIASOMEONEELSE00000' }).send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' }),
      ),
    );
    expect(stranger.name).toBe('UnrecognizedClientException');
    expect(stranger.$metadata?.httpStatusCode).toBe(403);
  });

  it('answers 429 LimitExceededException once the stage’s throttle is used up', async () => {
    const { ws, connectionId, client } = await connected({ rateLimit: 0.001, burstLimit: 1 });
    const received = nextMessage(ws);
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'first' }));
    expect(await received).toBe('first');

    const err = await rejection(
      client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'second' })),
    );
    expect(err).toBeInstanceOf(LimitExceededException);
    expect(err.$metadata?.httpStatusCode).toBe(429);
  });
});
