import { afterEach, describe, expect, it } from 'vitest';
import { type AnyEvent, fakeInvoke, harness, waitFor } from './harness';

const h = harness();
afterEach(() => h.cleanup());

const authorizer = { function: 'Authorizer', identitySource: 'token' };
const connectArn = 'arn:aws:execute-api:us-east-1:000000000000:local/live/$connect';

function policy(effect: 'Allow' | 'Deny', resource: string | string[] = connectArn, context?: unknown) {
  return {
    principalId: 'alice',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    ...(context === undefined ? {} : { context }),
  };
}

async function startWith(answer: (event: AnyEvent) => unknown) {
  const fake = fakeInvoke({ Authorizer: answer });
  const gateway = await h.start({ invoke: fake.invoke, authorizer });
  return { fake, gateway };
}

describe('the $connect authorizer of the local WebSocket gateway', () => {
  it('refuses with 401, without invoking anything, when the token query parameter is missing or empty', async () => {
    const { fake, gateway } = await startWith(() => policy('Allow'));

    expect(await h.connect(`${gateway.url}?roomId=lobby`)).toBe(401);
    expect(await h.connect(`${gateway.url}?token=&roomId=lobby`)).toBe(401);
    expect(fake.calls).toHaveLength(0);
  });

  it('sends the authorizer a REQUEST event for the $connect ARN with the request’s headers and query', async () => {
    const { fake, gateway } = await startWith(() => policy('Allow'));
    await h.open(`${gateway.url}?token=t0k&roomId=lobby`, { 'User-Agent': 'tests' });

    const [event] = fake.eventsOf('Authorizer');
    const connect = fake.eventsOf('Connect')[0];
    expect(event).toMatchObject({
      type: 'REQUEST',
      methodArn: connectArn,
      queryStringParameters: { token: 't0k', roomId: 'lobby' },
      multiValueQueryStringParameters: { token: ['t0k'], roomId: ['lobby'] },
      headers: { 'User-Agent': 'tests' },
      stageVariables: {},
    });
    expect(event.requestContext).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      stage: 'live',
      apiId: 'local',
      connectionId: connect.requestContext.connectionId,
      requestId: connect.requestContext.requestId,
    });
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('refuses with 401 when the authorizer fails with Unauthorized, before $connect runs', async () => {
    const { fake, gateway } = await startWith(() => {
      throw new Error('Unauthorized');
    });

    expect(await h.connect(`${gateway.url}?token=bad`)).toBe(401);
    expect(fake.eventsOf('Connect')).toHaveLength(0);
  });

  it('refuses with 500 when the authorizer fails any other way', async () => {
    const { fake, gateway } = await startWith(() => {
      throw new Error('Secrets Manager unreachable');
    });

    expect(await h.connect(`${gateway.url}?token=t`)).toBe(500);
    expect(fake.eventsOf('Connect')).toHaveLength(0);
  });

  it('refuses with 403 when the policy denies the $connect ARN', async () => {
    const { fake, gateway } = await startWith(() => policy('Deny'));

    expect(await h.connect(`${gateway.url}?token=t`)).toBe(403);
    expect(fake.eventsOf('Connect')).toHaveLength(0);
  });

  it('refuses with 403 when the policy allows only other resources (a stage/*/* policy never matches $connect)', async () => {
    const { gateway } = await startWith(() =>
      policy('Allow', 'arn:aws:execute-api:us-east-1:000000000000:local/live/*/*'),
    );

    expect(await h.connect(`${gateway.url}?token=t`)).toBe(403);
  });

  it('accepts wildcard resources that do cover the $connect ARN', async () => {
    const { gateway } = await startWith(() =>
      policy('Allow', [
        'arn:aws:execute-api:us-east-1:000000000000:other/*',
        'arn:aws:execute-api:*:*:local/live/*',
      ]),
    );

    expect(typeof (await h.connect(`${gateway.url}?token=t`))).toBe('object');
  });

  it('refuses with 500 when the authorizer returns no policy or a context with nested objects', async () => {
    const noPolicy = await startWith(() => ({ principalId: 'alice' }));
    expect(await h.connect(`${noPolicy.gateway.url}?token=t`)).toBe(500);

    const nested = await startWith(() => policy('Allow', connectArn, { user: { name: 'alice' } }));
    expect(await h.connect(`${nested.gateway.url}?token=t`)).toBe(500);
  });

  it('puts the stringified context and the principalId in requestContext.authorizer of every event of the connection', async () => {
    const { fake, gateway } = await startWith(() =>
      policy('Allow', connectArn, { name: 'alice', expiresAt: 1700000000, admin: false, nothing: null }),
    );
    const ws = await h.open(`${gateway.url}?token=t`);
    ws.send('{"action":"sendMessage"}');
    await waitFor(() => fake.eventsOf('SendMessage').length === 1);
    ws.close(1000);
    await waitFor(() => fake.eventsOf('Disconnect').length === 1);

    const expected = {
      name: 'alice',
      expiresAt: '1700000000',
      admin: 'false',
      nothing: null,
      principalId: 'alice',
      integrationLatency: expect.any(Number),
    };
    for (const fn of ['Connect', 'SendMessage', 'Disconnect']) {
      expect(fake.eventsOf(fn)[0].requestContext.authorizer).toEqual(expected);
    }
  });
});
