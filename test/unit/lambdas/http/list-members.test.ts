import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { RoomAccessTable } from '../../../../lambdas/adapters/room-access-table';
import { encodeMemberCursor } from '../../../../lambdas/core/member-list';
import { makeListMembersHandler } from '../../../../lambdas/http/list-members.handler';
import { bearerAuthenticate } from '../../../../lambdas/http/person';
import { TABLE, tableOnMockedClient } from '../adapters/mocked-clients';
import { bodyOf, httpEvent, identityCheck } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const { access, ...views } = tableOnMockedClient('rooms', 'members', 'access');
const handler = makeListMembersHandler({
  ...views,
  access: new RoomAccessTable(access.doc, TABLE),
  authenticate: bearerAuthenticate(identityCheck()),
  clock: systemClock,
});

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand, { Select: 'COUNT' }).resolves({ Count: 3 });
});

const members = (roomId: string, query: Record<string, string> = {}) =>
  handler(httpEvent('GET /rooms/{roomId}/members', { pathParameters: { roomId }, query }));

function pageQueries() {
  return ddb
    .commandCalls(QueryCommand)
    .map((c) => c.args[0].input)
    .filter((input) => input.Select !== 'COUNT');
}

describe('GET /rooms/{roomId}/members', () => {
  it('reads a page of member items by name (never the connections), with the count beside it', async () => {
    ddb.on(QueryCommand, { Limit: 3 }).resolves({
      Items: [{ name: 'Ada' }, { name: 'Bo' }, { name: 'Cy' }],
      LastEvaluatedKey: { pk: 'x', sk: 'y' },
    });
    const result = await members('lobby', { limit: '2' });
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      roomId: 'lobby',
      members: ['Ada', 'Bo'],
      count: 3,
      next: encodeMemberCursor('Bo'),
    });
    expect(pageQueries()[0]).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk > :after',
      ExpressionAttributeValues: { ':pk': 'MEMBERS#lobby', ':after': 'NAME#' },
    });
    expect(pageQueries()[0]?.IndexName).toBeUndefined();
  });

  it('continues after the name its cursor holds, and ends with next null', async () => {
    ddb.on(QueryCommand, { Limit: 51 }).resolves({ Items: [{ name: 'Cy' }] });
    const result = await members('lobby', { next: encodeMemberCursor('Bo') });
    expect(bodyOf(result)).toEqual({ roomId: 'lobby', members: ['Cy'], count: 3, next: null });
    expect(pageQueries()[0]?.ExpressionAttributeValues?.[':after']).toBe('NAME#Bo');
  });

  it('refuses a cursor it did not give and a limit out of range with 400', async () => {
    for (const next of ['not-a-cursor', Buffer.from('rooms:lobby').toString('base64url')]) {
      const result = await members('lobby', { next });
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result)).toMatchObject({ error: { code: 'invalid_cursor' } });
    }
    for (const limit of ['0', '101', 'x']) {
      const result = await members('lobby', { limit });
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result)).toMatchObject({ error: { code: 'invalid_request' } });
    }
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('answers 404 for an unknown room', async () => {
    const result = await members('nowhere');
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'room_not_found' } });
  });
});
