import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HttpHandler } from '../../../../lambdas/http/respond';
import { bodyOf, httpEvent, roomItem, stubHandlerEnv } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
let handler: HttpHandler;

beforeAll(async () => {
  stubHandlerEnv();
  ({ handler } = await import('../../../../lambdas/http/list-rooms'));
});
afterAll(() => vi.unstubAllEnvs());
beforeEach(() => ddb.reset());

describe('GET /rooms', () => {
  it('lists the lobby first, then the stored rooms', async () => {
    ddb.on(QueryCommand).resolves({ Items: [roomItem('music'), roomItem('art')] });
    const result = await handler(httpEvent('GET /rooms'));
    expect(result.statusCode).toBe(200);
    const { rooms } = bodyOf(result) as { rooms: { roomId: string }[] };
    expect(rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'music']);
  });

  it('lists the lobby when nothing is stored', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const { rooms } = bodyOf(await handler(httpEvent('GET /rooms'))) as { rooms: { roomId: string }[] };
    expect(rooms).toEqual([
      { roomId: 'lobby', name: 'Lobby', createdAt: expect.any(String), createdBy: 'chatty' },
    ]);
  });

  it('answers 500 without details when the table fails', async () => {
    ddb.on(QueryCommand).rejects(new Error('ResourceNotFoundException: Requested resource not found'));
    const result = await handler(httpEvent('GET /rooms'));
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/ResourceNotFound/);
  });
});
