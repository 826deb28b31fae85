import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../lambdas/adapters/from-env';
import { makeCreateRoomHandler } from '../../../../lambdas/http/create-room.handler';
import { tableOnMockedClient } from '../adapters/mocked-clients';
import { bearer, bodyOf, httpEvent, tokenKey } from '../handler-env';

const ddb = mockClient(DynamoDBDocumentClient);
const handler = makeCreateRoomHandler({
  ...tableOnMockedClient('rooms'),
  tokenKey,
  clock: systemClock,
});

beforeEach(() => {
  ddb.reset();
  ddb.on(PutCommand).resolves({});
});

const create = (body: string | undefined, authorization?: string) =>
  handler(httpEvent('POST /rooms', { body, authorization }));

describe('POST /rooms', () => {
  it('answers 201 with the room, its id a slug of the name and its creator from the token', async () => {
    const result = await create('{"name":"Café Talk!"}', bearer('Ada'));
    expect(result.statusCode).toBe(201);
    expect(bodyOf(result)).toEqual({
      room: { roomId: 'cafe-talk', name: 'Café Talk!', createdAt: expect.any(String), createdBy: 'Ada' },
    });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { pk: 'ROOMS', sk: 'ROOM#cafe-talk' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('answers 409 room_exists when the slug is taken', async () => {
    ddb
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const result = await create('{"name":"Music"}', bearer('Ada'));
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'room_exists' } });
  });

  it('answers 409 for the lobby without writing', async () => {
    const result = await create('{"name":"lobby"}', bearer('Ada'));
    expect(result.statusCode).toBe(409);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
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
