import {
  ApiGatewayManagementApiClient,
  ApiGatewayManagementApiServiceException,
  ForbiddenException,
  GetConnectionCommand,
  GoneException,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  countOnline,
  probeBus,
  probeConnectionId,
  probeSockets,
  probeTable,
} from '../../../../lambdas/adapters/health-probes';

const ddb = mockClient(DynamoDBDocumentClient);
const events = mockClient(EventBridgeClient);
const gateway = mockClient(ApiGatewayManagementApiClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const bus = new EventBridgeClient({ region: 'us-east-1' });
const sockets = new ApiGatewayManagementApiClient({
  region: 'us-east-1',
  endpoint: 'https://x.example/live',
});

beforeEach(() => {
  for (const m of [ddb, events, gateway]) m.reset();
});

describe('probeTable', () => {
  it('writes a short-lived item, reads it back consistently and deletes it', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(GetCommand).callsFake((input) => ({ Item: input.Key }));
    ddb.on(DeleteCommand).resolves({});
    await expect(probeTable(doc, 'chatty')).resolves.toBeUndefined();

    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.TableName).toBe('chatty');
    expect(put?.Item?.pk).toMatch(/^HEALTH#[0-9a-f-]{36}$/);
    // A TTL, so a probe that dies half-way leaves nothing behind for long.
    expect(put?.Item?.expiresAt).toBeGreaterThan(Date.now() / 1000);
    const key = { pk: put?.Item?.pk, sk: 'PROBE' };
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Key: key,
      ConsistentRead: true,
    });
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({ TableName: 'chatty', Key: key });
  });

  it('fails with ProbeNotFound when the item cannot be read back', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(GetCommand).resolves({});
    await expect(probeTable(doc, 'chatty')).rejects.toMatchObject({ name: 'ProbeNotFound' });
  });

  it('lets the SDK exception through when the table is missing', async () => {
    ddb.on(PutCommand).rejects(new ResourceNotFoundException({ message: 'no table', $metadata: {} }));
    await expect(probeTable(doc, 'chatty')).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('probeBus', () => {
  it('puts one HealthProbe event on the bus', async () => {
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
    await expect(probeBus(bus, 'chatty')).resolves.toBeUndefined();
    expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries).toEqual([
      { EventBusName: 'chatty', Source: 'chatty', DetailType: 'HealthProbe', Detail: '{}' },
    ]);
  });

  it('fails with the entry error code when the bus refuses the event', async () => {
    events.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try later' }],
    });
    await expect(probeBus(bus, 'chatty')).rejects.toMatchObject({ name: 'InternalFailure' });
  });
});

describe('probeSockets', () => {
  it('counts GoneException for the made-up connection as a healthy endpoint', async () => {
    gateway.on(GetConnectionCommand).rejects(new GoneException({ message: 'gone', $metadata: {} }));
    await expect(probeSockets(sockets)).resolves.toBeUndefined();
    expect(gateway.commandCalls(GetConnectionCommand)[0]?.args[0].input.ConnectionId).toBe(probeConnectionId);
  });

  it('asks about an id of the real shape (base64 of 11 bytes), which API Gateway answers 410, not 400', () => {
    expect(probeConnectionId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    // Canonical base64: it decodes to 11 bytes and encodes back to itself.
    const bytes = Buffer.from(probeConnectionId, 'base64');
    expect(bytes).toHaveLength(11);
    expect(bytes.toString('base64')).toBe(probeConnectionId);
  });

  it('fails when API Gateway calls the id malformed (400 BadRequestException)', async () => {
    // The SDK has no class for it: it throws its service exception under that name.
    const badRequest = new ApiGatewayManagementApiServiceException({
      name: 'BadRequestException',
      $fault: 'client',
      message: `Invalid connectionId: ${probeConnectionId}`,
      $metadata: { httpStatusCode: 400 },
    });
    gateway.on(GetConnectionCommand).rejects(badRequest);
    await expect(probeSockets(sockets)).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  it('counts a bare 410 (an unmodeled error) as healthy too', async () => {
    gateway
      .on(GetConnectionCommand)
      .rejects(
        Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 410 } }),
      );
    await expect(probeSockets(sockets)).resolves.toBeUndefined();
  });

  it('fails on any other error, such as a missing permission', async () => {
    gateway.on(GetConnectionCommand).rejects(new ForbiddenException({ message: 'denied', $metadata: {} }));
    await expect(probeSockets(sockets)).rejects.toBeInstanceOf(ForbiddenException);
  });
});

describe('countOnline', () => {
  it('adds up a COUNT query per room on the GSI, following LastEvaluatedKey', async () => {
    ddb
      .on(QueryCommand, { ExpressionAttributeValues: { ':roomPk': 'CONNS#lobby' } })
      .resolvesOnce({ Count: 2, LastEvaluatedKey: { roomPk: 'CONNS#lobby', roomSk: 'c2' } })
      .resolvesOnce({ Count: 1 });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':roomPk': 'CONNS#games' } }).resolves({ Count: 4 });

    expect(await countOnline(doc, 'chatty', ['lobby', 'games'], 1000)).toBe(7);

    const inputs = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(3);
    expect(inputs[0]).toMatchObject({
      TableName: 'chatty',
      IndexName: 'byRoom',
      Select: 'COUNT',
      KeyConditionExpression: 'roomPk = :roomPk',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeValues: { ':now': 1000 },
    });
    expect(inputs.map((i) => i.ExclusiveStartKey)).toContainEqual({ roomPk: 'CONNS#lobby', roomSk: 'c2' });
  });

  it('is zero without rooms', async () => {
    expect(await countOnline(doc, 'chatty', [], 1000)).toBe(0);
  });
});
