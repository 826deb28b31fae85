import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { requireEnv } from './config';
import { ConnectionsApiSender } from './sockets';

/**
 * The WebSocket API's `@connections` client for a function's composition root (see from-env.ts).
 * Its own module because esbuild keeps an external package's import in a bundle even when nothing uses what it
 * imports (it cannot know the package has no side effects), and each SDK client costs a cold start 50-115 ms to
 * load: a function must import only the builders of the clients it uses (bench: cold starts).
 */
export function socketsFromEnv(): ConnectionsApiSender {
  const endpoint = requireEnv('WEBSOCKET_CALLBACK_URL');
  // One attempt: core's fan-out owns the retry policy (jittered backoff on throttling, none on 410).
  return new ConnectionsApiSender(new ApiGatewayManagementApiClient({ endpoint, maxAttempts: 1 }));
}
