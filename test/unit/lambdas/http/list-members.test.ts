import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HttpHandler } from '../../../../lambdas/http/respond';
import { bodyOf, connectionItem, httpEvent, stubHandlerEnv } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
let handler: HttpHandler;

beforeAll(async () => {
  stubHandlerEnv();
  ({ handler } = await import('../../../../lambdas/http/list-members'));
});
afterAll(() => vi.unstubAllEnvs());
beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
});

const members = (roomId: string) =>
  handler(httpEvent('GET /rooms/{roomId}/members', { pathParameters: { roomId } }));

describe('GET /rooms/{roomId}/members', () => {
  it('lists the names connected to the room, each once, sorted, across query pages', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [connectionItem('c1', 'lobby', 'Cy'), connectionItem('c2', 'lobby', 'Ada')],
        LastEvaluatedKey: { roomPk: 'CONNS#lobby', roomSk: 'c2' },
      })
      .resolves({ Items: [connectionItem('c3', 'lobby', 'Ada')] });
    const result = await members('lobby');
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ roomId: 'lobby', members: ['Ada', 'Cy'] });
    expect(ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.IndexName)).toEqual([
      'byRoom',
      'byRoom',
    ]);
  });

  it('answers 404 for an unknown room', async () => {
    const result = await members('nowhere');
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'room_not_found' } });
  });
});
