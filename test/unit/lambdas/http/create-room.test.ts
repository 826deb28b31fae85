import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS, perPeriod } from '../../../../lambdas/adapters/count-limit';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { RateLimitTable } from '../../../../lambdas/adapters/rate-limit-table';
import { RoomAccessTable } from '../../../../lambdas/adapters/room-access-table';
import { makeCreateRoomHandler } from '../../../../lambdas/http/create-room.handler';
import { TABLE, tableOnMockedClient } from '../adapters/mocked-clients';
import { ACCOUNT_TOKEN, bearer, bodyOf, httpEvent, identityCheck } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const { rooms, access } = tableOnMockedClient('rooms', 'access');
const quota = (count: number) => ({
  limiter: new RateLimitTable(access.doc, TABLE, perPeriod(count, HOUR_MS)),
  count,
});
const handler = makeCreateRoomHandler({
  rooms,
  access: new RoomAccessTable(access.doc, TABLE),
  roomsPerHour: { guest: quota(3), account: quota(10) },
  identityCheck: identityCheck(),
  clock: systemClock,
});

const conflict = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
});

const create = (body: string | undefined, authorization?: string) =>
  handler(httpEvent('POST /rooms', { body, authorization }));

describe('POST /rooms', () => {
  it('answers 201 with the room, its id a slug of the name and its creator from the token', async () => {
    const result = await create('{"name":"Café Talk!"}', bearer('Ada'));
    expect(result.statusCode).toBe(201);
    expect(bodyOf(result)).toEqual({
      room: {
        roomId: 'cafe-talk',
        name: 'Café Talk!',
        createdAt: expect.any(String),
        createdBy: 'Ada',
        visibility: 'public',
        kind: 'room',
      },
    });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { pk: 'ROOMS', sk: 'ROOM#cafe-talk' },
      ConditionExpression: expect.stringContaining('attribute_not_exists(pk)'),
    });
  });

  // The room table remembers rooms it created, so each test below makes a room of its own.
  it('counts the creation against the guest’s hourly allowance in the table', async () => {
    await create('{"name":"Poetry"}', bearer('Ada'));
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'RATE#rooms#guest#Ada', sk: 'RATE' },
    });
  });

  it("counts an account's creation against the account's allowance (10 an hour), its creator its username", async () => {
    const result = await create('{"name":"Accounts Only"}', `Bearer ${ACCOUNT_TOKEN}`);
    expect(result.statusCode).toBe(201);
    expect(bodyOf(result)).toMatchObject({ room: { roomId: 'accounts-only', createdBy: 'grace' } });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'RATE#rooms#account#grace', sk: 'RATE' },
    });
    ddb.on(UpdateCommand).rejects(conflict());
    const refused = await create('{"name":"One Too Many"}', `Bearer ${ACCOUNT_TOKEN}`);
    expect(bodyOf(refused)).toEqual({
      error: { code: 'rate_limited', message: expect.stringContaining('10 rooms an hour') },
    });
  });

  it('answers 429 rate_limited once the guest has made the hour’s rooms, and writes no room', async () => {
    ddb.on(UpdateCommand).rejects(conflict());
    const result = await create('{"name":"Chess"}', bearer('Ada'));
    expect(result.statusCode).toBe(429);
    expect(bodyOf(result)).toEqual({
      error: { code: 'rate_limited', message: expect.stringContaining('3 rooms an hour') },
    });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('answers 409 room_exists when the slug is taken, without counting it', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { roomId: 'music', name: 'Music', createdAt: 'x', createdBy: 'Bo' } });
    const result = await create('{"name":"Music"}', bearer('Ada'));
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'room_exists' } });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers 409 room_exists when the slug is taken between the check and the write', async () => {
    ddb.on(PutCommand).rejects(conflict());
    const result = await create('{"name":"Music"}', bearer('Ada'));
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'room_exists' } });
  });

  it('answers 409 for the lobby without writing', async () => {
    const result = await create('{"name":"lobby"}', bearer('Ada'));
    expect(result.statusCode).toBe(409);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it("writes an account's private room and its owner's role in one transaction, the room conditioned on its id", async () => {
    const result = await create('{"name":"Secret Garden","visibility":"private"}', `Bearer ${ACCOUNT_TOKEN}`);
    expect(result.statusCode).toBe(201);
    expect(bodyOf(result)).toMatchObject({
      room: { roomId: 'secret-garden', visibility: 'private', owner: 'grace' },
    });
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put).toMatchObject({
      Item: { pk: 'ROOMS', sk: 'ROOM#secret-garden', visibility: 'private' },
      ConditionExpression: expect.stringContaining('attribute_not_exists(pk)'),
    });
    expect(items[1]?.Put?.Item).toMatchObject({
      pk: 'ACCESS#secret-garden',
      sk: 'ROLE#grace',
      role: 'owner',
      roomPk: 'ROOMSOF#grace',
      roomSk: 'secret-garden',
    });
  });

  it('answers 409 when the transaction finds the id taken', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    const result = await create('{"name":"Taken Garden","visibility":"private"}', `Bearer ${ACCOUNT_TOKEN}`);
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'room_exists' } });
  });

  it('answers 403 forbidden to a guest asking for a private room, and 400 for another visibility', async () => {
    const guest = await create('{"name":"Hidden","visibility":"private"}', bearer('Ada'));
    expect(guest.statusCode).toBe(403);
    expect(bodyOf(guest)).toMatchObject({
      error: { code: 'forbidden', message: expect.stringMatching(/accounts/) },
    });
    const odd = await create('{"name":"Odd","visibility":"secret"}', `Bearer ${ACCOUNT_TOKEN}`);
    expect(odd.statusCode).toBe(400);
    expect(bodyOf(odd)).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('answers 401 without a token', async () => {
    const result = await create('{"name":"Music"}');
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it.each(['{}', '{"name":"   "}', '{"name":"!!!"}', `{"name":"${'n'.repeat(41)}"}`])(
    'answers 400 invalid_room for %s',
    async (body) => {
      const result = await create(body, bearer('Ada'));
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result)).toMatchObject({ error: { code: 'invalid_room' } });
    },
  );

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    const result = await create('Music', bearer('Ada'));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'invalid_json' } });
  });
});
