/** The deep healthcheck's probes of the bus and the sockets endpoint (the table's is HealthTable's claim). */
import {
  type ApiGatewayManagementApiClient,
  GetConnectionCommand,
  GoneException,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

/** Puts a `HealthProbe` event on the bus; no rule matches it, so it costs one event and wakes nobody. */
export async function probeBus(client: EventBridgeClient, busName: string): Promise<undefined> {
  const result = await client.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: busName, Source: 'chatty', DetailType: 'HealthProbe', Detail: '{}' }],
    }),
  );
  if (result.FailedEntryCount) {
    throw Object.assign(new Error('probe event refused'), {
      name: result.Entries?.[0]?.ErrorCode ?? 'PutEventsFailed',
    });
  }
  return undefined;
}

/**
 * The connection id the sockets probe asks about. It must have the shape of a real one (16 characters: base64 of
 * 11 bytes, one '=' of padding, like `Lx1Nfe2QIAMCJvQ=`): API Gateway answers a malformed id with 400
 * BadRequestException ("Invalid connectionId"), which would fail the deep healthcheck (and the canary) forever,
 * and a well-formed id it does not know with 410 GoneException. 'healthProbe0000' is valid base64 ('0' carries no
 * stray low bits), and no real id reads like a word.
 */
export const probeConnectionId = 'healthProbe0000=';

/**
 * Asks the @connections endpoint about a connection that cannot exist: the endpoint is healthy when it
 * answers GoneException (410), which is what API Gateway says about unknown ids.
 */
export async function probeSockets(client: ApiGatewayManagementApiClient): Promise<undefined> {
  try {
    await client.send(new GetConnectionCommand({ ConnectionId: probeConnectionId }));
  } catch (err) {
    if (
      err instanceof GoneException ||
      (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410
    ) {
      return undefined;
    }
    throw err;
  }
  return undefined;
}
