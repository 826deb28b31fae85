import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  ForbiddenException,
  GoneException,
  LimitExceededException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectionsApiSender } from '../../../../lambdas/adapters/sockets';

const api = mockClient(ApiGatewayManagementApiClient);
const sender = new ConnectionsApiSender(
  new ApiGatewayManagementApiClient({ region: 'us-east-1', endpoint: 'https://x' }),
);

describe('ConnectionsApiSender', () => {
  beforeEach(() => api.reset());

  it('posts the data to the connection and reports sent', async () => {
    api.on(PostToConnectionCommand).resolves({});
    expect(await sender.send('abc=', '{"type":"pong"}')).toBe('sent');
    expect(api.commandCalls(PostToConnectionCommand)[0]?.args[0].input).toEqual({
      ConnectionId: 'abc=',
      Data: '{"type":"pong"}',
    });
  });

  it('reports a GoneException as gone', async () => {
    api
      .on(PostToConnectionCommand)
      .rejects(new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }));
    expect(await sender.send('abc=', 'x')).toBe('gone');
  });

  it('reports any 410 as gone, whatever the SDK named it', async () => {
    // A gateway that answers a bare 410 without x-amzn-ErrorType makes SDK v3 throw a generic error.
    const unknown = Object.assign(new Error('UnknownError'), {
      name: 'Unknown',
      $metadata: { httpStatusCode: 410 },
    });
    api.on(PostToConnectionCommand).rejects(unknown);
    expect(await sender.send('abc=', 'x')).toBe('gone');
  });

  it('reports a LimitExceededException as throttled', async () => {
    api
      .on(PostToConnectionCommand)
      .rejects(new LimitExceededException({ message: 'slow down', $metadata: { httpStatusCode: 429 } }));
    expect(await sender.send('abc=', 'x')).toBe('throttled');
  });

  it('reports any 429 as throttled', async () => {
    const throttled = Object.assign(new Error('TooManyRequests'), { $metadata: { httpStatusCode: 429 } });
    api.on(PostToConnectionCommand).rejects(throttled);
    expect(await sender.send('abc=', 'x')).toBe('throttled');
  });

  it('throws a ForbiddenException', async () => {
    const forbidden = new ForbiddenException({ message: 'Forbidden', $metadata: { httpStatusCode: 403 } });
    api.on(PostToConnectionCommand).rejects(forbidden);
    await expect(sender.send('abc=', 'x')).rejects.toBe(forbidden);
  });

  it('throws a PayloadTooLargeException', async () => {
    api
      .on(PostToConnectionCommand)
      .rejects(new PayloadTooLargeException({ message: 'too big', $metadata: { httpStatusCode: 413 } }));
    await expect(sender.send('abc=', 'x')).rejects.toBeInstanceOf(PayloadTooLargeException);
  });
});

describe('ConnectionsApiSender.close', () => {
  beforeEach(() => api.reset());

  it('deletes the connection (API Gateway closes the socket) and reports sent', async () => {
    api.on(DeleteConnectionCommand).resolves({});
    expect(await sender.close('abc=')).toBe('sent');
    expect(api.commandCalls(DeleteConnectionCommand)[0]?.args[0].input).toEqual({ ConnectionId: 'abc=' });
  });

  it('reports a closed socket as gone and a throttled call as throttled', async () => {
    api
      .on(DeleteConnectionCommand)
      .rejectsOnce(new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }))
      .rejectsOnce(new LimitExceededException({ message: 'slow down', $metadata: { httpStatusCode: 429 } }));
    expect(await sender.close('abc=')).toBe('gone');
    expect(await sender.close('abc=')).toBe('throttled');
  });

  it('passes on any other failure', async () => {
    api
      .on(DeleteConnectionCommand)
      .rejects(new ForbiddenException({ message: 'Forbidden', $metadata: { httpStatusCode: 403 } }));
    await expect(sender.close('abc=')).rejects.toThrow('Forbidden');
  });
});
