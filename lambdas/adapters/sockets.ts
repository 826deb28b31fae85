import {
  type ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  LimitExceededException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { SendOutcome, SocketSender } from '../core/ports';
import type { SocketCloser } from '../core/sign-out';

/** Posts frames through the WebSocket API's `@connections` management endpoint. */
export class ConnectionsApiSender implements SocketSender, SocketCloser {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async send(connectionId: string, data: string): Promise<SendOutcome> {
    try {
      await this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
      return 'sent';
    } catch (err) {
      // SDK v3 reports a 410 as GoneException with $metadata.httpStatusCode 410; `err.statusCode` is
      // undefined there, so checking it (as many samples do) never detects a closed socket.
      if (err instanceof GoneException || httpStatus(err) === 410) return 'gone';
      if (err instanceof LimitExceededException || httpStatus(err) === 429) return 'throttled';
      throw err;
    }
  }

  /** DELETE @connections/{id}: API Gateway closes the socket and runs `$disconnect`. */
  async close(connectionId: string): Promise<SendOutcome> {
    try {
      await this.client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      return 'sent';
    } catch (err) {
      if (err instanceof GoneException || httpStatus(err) === 410) return 'gone';
      if (err instanceof LimitExceededException || httpStatus(err) === 429) return 'throttled';
      throw err;
    }
  }
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}
