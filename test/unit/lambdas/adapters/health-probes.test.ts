import {
  ApiGatewayManagementApiClient,
  ApiGatewayManagementApiServiceException,
  ForbiddenException,
  GetConnectionCommand,
  GoneException,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { probeBus, probeConnectionId, probeSockets } from '../../../../lambdas/adapters/health-probes';

const events = mockClient(EventBridgeClient);
const gateway = mockClient(ApiGatewayManagementApiClient);
const bus = new EventBridgeClient({ region: 'us-east-1' });
const sockets = new ApiGatewayManagementApiClient({
  region: 'us-east-1',
  endpoint: 'https://x.example/live',
});

beforeEach(() => {
  for (const m of [events, gateway]) m.reset();
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
