import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { RoomAccessTable } from '../../../../lambdas/adapters/room-access-table';
import { makeListMessagesHandler } from '../../../../lambdas/http/list-messages.handler';
import { bearerAuthenticate } from '../../../../lambdas/http/person';
import { TABLE, tableOnMockedClient } from '../adapters/mocked-clients';
import { ACCOUNT_TOKEN, bearer, bodyOf, httpEvent, identityCheck, roomItem } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const { access, ...views } = tableOnMockedClient('messages', 'rooms', 'access');
const handler = makeListMessagesHandler({
  ...views,
  access: new RoomAccessTable(access.doc, TABLE),
  authenticate: bearerAuthenticate(identityCheck()),
  clock: systemClock,
});

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#general' } }).resolves({ Item: roomItem('general') });
  ddb.on(QueryCommand).resolves({ Items: [] });
});

const T = 1_714_564_800_000;
function item(n: number) {
  const messageId = `${T + n}-${String(n).padStart(10, '0')}`;
  return {
    pk: 'ROOM#general',
    sk: `MSG#${messageId}`,
    messageId,
    roomId: 'general',
    sender: 'Ada',
    text: `m${n}`,
    createdAt: new Date(T + n).toISOString(),
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  };
}

const list = (roomId: string, query?: Record<string, string>) =>
  handler(httpEvent('GET /rooms/{roomId}/messages', { pathParameters: { roomId }, query }));

describe('GET /rooms/{roomId}/messages', () => {
  it('answers the newest messages oldest first with a next cursor when there are more', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(3), item(2), item(1)] });
    const result = await list('general', { limit: '2' });
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result) as { messages: { text: string }[]; next: string | null };
    expect(body.messages.map((m) => m.text)).toEqual(['m2', 'm3']);
    expect(body.next).toBe(item(2).messageId);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.Limit).toBe(3);
  });

  it('answers next null at the start of history', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1)] });
    expect(bodyOf(await list('general'))).toMatchObject({ next: null });
  });

  it('answers 404 room_not_found for an unknown room', async () => {
    const result = await list('nowhere');
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'room_not_found' } });
  });

  it('answers a private room’s history to a member’s token only: 404 without one, or for anyone else (issue 16)', async () => {
    const created = roomItem('hideout').createdAt;
    ddb
      .on(GetCommand, { Key: { pk: 'ROOMS', sk: 'ROOM#hideout' } })
      .resolves({ Item: { ...roomItem('hideout'), visibility: 'private' } });
    ddb.on(QueryCommand).resolves({ Items: [] });
    const open = (authorization?: string) =>
      handler(
        httpEvent('GET /rooms/{roomId}/messages', {
          pathParameters: { roomId: 'hideout' },
          ...(authorization ? { authorization } : {}),
        }),
      );
    expect((await open()).statusCode).toBe(404);
    expect((await open(bearer('Ada'))).statusCode).toBe(404);
    expect((await open(`Bearer ${ACCOUNT_TOKEN}`)).statusCode).toBe(404);
    ddb.on(GetCommand, { Key: { pk: 'ACCESS#hideout', sk: 'ROLE#grace' } }).resolves({
      Item: { name: 'grace', role: 'member', addedBy: 'ada', addedAt: created, roomCreatedAt: created },
    });
    expect((await open(`Bearer ${ACCOUNT_TOKEN}`)).statusCode).toBe(200);
    expect((await open('Bearer forged.token')).statusCode).toBe(401);
  });

  it('answers 400 for a malformed room id', async () => {
    const result = await list('No Such Room');
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'invalid_room' } });
  });

  it.each([
    [{ limit: '0' }, 'invalid_request'],
    [{ limit: '1000' }, 'invalid_request'],
    [{ limit: 'all' }, 'invalid_request'],
    [{ before: 'yesterday' }, 'invalid_cursor'],
    [{ after: '42' }, 'invalid_cursor'],
  ])('answers 400 for the query %j', async (query, code) => {
    const result = await list('general', query);
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code } });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
