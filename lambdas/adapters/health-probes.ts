import { randomUUID } from 'node:crypto';
import {
  type ApiGatewayManagementApiClient,
  GetConnectionCommand,
  GoneException,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys, ROOM_INDEX } from './table-keys';

/** Writes, reads back and deletes one short-lived item. */
export async function probeTable(doc: DynamoDBDocumentClient, tableName: string): Promise<undefined> {
  const key = { pk: `HEALTH#${randomUUID()}`, sk: 'PROBE' };
  await doc.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...key, expiresAt: Math.floor(Date.now() / 1000) + 300 },
    }),
  );
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  if (!Item) throw Object.assign(new Error('probe item not read back'), { name: 'ProbeNotFound' });
  await doc.send(new DeleteCommand({ TableName: tableName, Key: key }));
  return undefined;
}

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

/** Rooms and the sockets online in them (a COUNT Query per room on the GSI; never a Scan). */
export async function countOnline(
  doc: DynamoDBDocumentClient,
  tableName: string,
  roomIds: string[],
  nowSeconds: number,
): Promise<number> {
  const counts = await Promise.all(
    roomIds.map(async (roomId) => {
      let total = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: ROOM_INDEX,
            KeyConditionExpression: 'roomPk = :roomPk',
            FilterExpression: 'expiresAt > :now',
            ExpressionAttributeValues: {
              ':roomPk': keys.roomConnectionsPartition(roomId),
              ':now': nowSeconds,
            },
            Select: 'COUNT',
            ExclusiveStartKey: startKey,
          }),
        );
        total += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return total;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
