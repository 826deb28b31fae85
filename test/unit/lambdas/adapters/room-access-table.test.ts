import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { guardChecks, RoomAccessTable } from '../../../../lambdas/adapters/room-access-table';
import { PostRefused, type RoleItem } from '../../../../lambdas/core/room-access';
import type { Room } from '../../../../lambdas/core/types';
import { TABLE, tableOnMockedClient } from './mocked-clients';

const ddb = mockClient(DynamoDBDocumentClient);
const { access, messages } = tableOnMockedClient('access', 'messages');
const table = new RoomAccessTable(access.doc, TABLE, () => 'r4nd0m');
const NOW = 1_714_564_800;
const created = '2024-05-01T09:00:00.000Z';
const room: Room = {
  roomId: 'club',
  name: 'Club',
  createdAt: created,
  createdBy: 'ada',
  visibility: 'private',
  kind: 'room',
  owner: 'ada',
};
const owner: RoleItem = {
  key: 'ada',
  name: 'ada',
  role: 'owner',
  addedBy: 'ada',
  addedAt: created,
  roomCreatedAt: created,
  kind: 'room',
  visibility: 'private',
};
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

beforeEach(() => ddb.reset());

describe('RoomAccessTable', () => {
  it('writes a room with its first roles in one transaction, conditioned on the id, each private role indexed by person', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    expect(await table.createRoomWithRoles(room, NOW + 100, [owner], NOW)).toBe(true);
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put).toEqual({
      TableName: TABLE,
      Item: { pk: 'ROOMS', sk: 'ROOM#club', ...room, expiresAt: NOW + 100 },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
      ExpressionAttributeValues: { ':now': NOW },
    });
    expect(items[1]?.Put?.Item).toEqual({
      pk: 'ACCESS#club',
      sk: 'ROLE#ada',
      name: 'ada',
      role: 'owner',
      addedBy: 'ada',
      addedAt: created,
      roomCreatedAt: created,
      kind: 'room',
      visibility: 'private',
      roomPk: 'ROOMSOF#ada',
      roomSk: 'club',
    });
  });

  it('says false when the room’s condition cancels the transaction, and rethrows any other cancellation', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None'))
      .rejectsOnce(cancelled('None', 'TransactionConflict'));
    expect(await table.createRoomWithRoles(room, NOW, [owner], NOW)).toBe(false);
    await expect(table.createRoomWithRoles(room, NOW, [owner], NOW)).rejects.toBeInstanceOf(
      TransactionCanceledException,
    );
  });

  it('does not index a public room’s roles per person (everyone lists public rooms already)', async () => {
    ddb.on(PutCommand).resolves({});
    await table.putRole('town', { ...owner, visibility: 'public' });
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    expect(item).toMatchObject({ pk: 'ACCESS#town', sk: 'ROLE#ada', role: 'owner' });
    expect(item).not.toHaveProperty('roomPk');
  });

  it('reads a role strongly consistent, and deletes one returning what it was', async () => {
    ddb.on(GetCommand).resolves({
      Item: { name: 'ada', role: 'owner', addedBy: 'ada', addedAt: created, roomCreatedAt: created },
    });
    expect(await table.getRole('club', 'ada')).toEqual({
      name: 'ada',
      role: 'owner',
      addedBy: 'ada',
      addedAt: created,
      roomCreatedAt: created,
    });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'ACCESS#club', sk: 'ROLE#ada' },
      ConsistentRead: true,
    });
    ddb.on(DeleteCommand).resolves({});
    expect(await table.deleteRole('club', 'bob')).toBeUndefined();
    expect(ddb.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({ ReturnValues: 'ALL_OLD' });
  });

  it('lists roles after a cursor, one past the limit telling whether more follow', async () => {
    const role = (key: string) => ({
      sk: `ROLE#${key}`,
      name: key,
      role: 'member',
      addedBy: 'ada',
      addedAt: created,
      roomCreatedAt: created,
    });
    ddb.on(QueryCommand).resolves({ Items: [role('bob'), role('carol')] });
    expect(await table.listRoles('club', { limit: 1, after: 'ada' })).toEqual({
      people: [
        { name: 'bob', role: 'member', addedBy: 'ada', addedAt: created, roomCreatedAt: created, key: 'bob' },
      ],
      hasMore: true,
    });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      ExpressionAttributeValues: { ':pk': 'ACCESS#club', ':low': 'ROLE#ada\u0000', ':high': 'ROLE#~' },
      Limit: 2,
    });
  });

  it('finds a person’s private rooms on the byRoom index', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [{ roomSk: 'dm-1', roomCreatedAt: created, role: 'member', kind: 'dm', dmWith: 'bob' }],
    });
    expect(await table.privateRoomsOf('ada', 100)).toEqual([
      { roomId: 'dm-1', roomCreatedAt: created, role: 'member', kind: 'dm', dmWith: 'bob' },
    ]);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'byRoom',
      ExpressionAttributeValues: { ':pk': 'ROOMSOF#ada' },
      Limit: 100,
    });
  });

  it('reads rooms by id in batches, asking again for unprocessed keys and leaving out expired ones', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [{ ...room, expiresAt: NOW + 10 }] },
        UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'ROOMS', sk: 'ROOM#old' }] } },
      })
      .resolvesOnce({ Responses: { [TABLE]: [{ ...room, roomId: 'old', expiresAt: NOW - 1 }] } });
    const found = await table.roomsByIds(['club', 'old'], NOW);
    expect([...found.keys()]).toEqual(['club']);
    expect(found.get('club')).toEqual(room);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2);
  });

  it('sets one end of a sanction, keeping the item as long as any end it may hold, with no read', async () => {
    ddb.on(UpdateCommand).resolves({});
    await table.setSanction(
      'town',
      'gus',
      { name: 'Gus', kind: 'mute', until: NOW + 600, reason: 'spam' },
      NOW,
    );
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'ACCESS#town', sk: 'SANCTION#gus' },
      UpdateExpression: 'SET #name = :name, muteUntil = :until, expiresAt = :keep, reason = :reason',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: {
        ':name': 'Gus',
        ':until': NOW + 600,
        ':keep': NOW + 7 * 24 * 3600 + 60,
        ':reason': 'spam',
      },
    });
    ddb.on(GetCommand).resolves({ Item: { name: 'Gus', muteUntil: NOW + 600, reason: 'spam' } });
    expect(await table.getSanction('town', 'gus')).toEqual({
      name: 'Gus',
      muteUntil: NOW + 600,
      reason: 'spam',
    });
  });

  it('keeps the log newest first with a TTL, following LastEvaluatedKey past expired entries', async () => {
    ddb.on(PutCommand).resolves({});
    const entry = { at: created, actor: 'ada', action: 'mute' as const, target: 'Gus' };
    await table.audit('town', entry, NOW + 99);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toEqual({
      pk: 'AUDIT#town',
      sk: `${created}#r4nd0m`,
      ...entry,
      expiresAt: NOW + 99,
    });
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'AUDIT#town', sk: 'x' } })
      .resolvesOnce({
        Items: [
          { ...entry, sk: 'b' },
          { ...entry, sk: 'a' },
        ],
      });
    expect(await table.auditLog('town', { limit: 1, before: 'c' }, NOW)).toEqual({
      entries: [{ ...entry, cursor: 'b' }],
      hasMore: true,
    });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk < :before',
      FilterExpression: 'expiresAt > :now',
      ScanIndexForward: false,
    });
  });

  it('finds an account by its reserved name, and no account behind a guest’s hold or an unconfirmed sign-up', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { kind: 'account', name: 'Ada' } })
      .resolvesOnce({ Item: { kind: 'guest', name: 'Gus' } })
      .resolvesOnce({ Item: { kind: 'account', name: 'Una', expiresAt: 1_714_564_800 } });
    expect(await table.accountName('ada')).toBe('Ada');
    expect(await table.accountName('gus')).toBeUndefined();
    expect(await table.accountName('una')).toBeUndefined();
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({ pk: 'NAME#ada', sk: 'NAME' });
  });
});

describe('a guarded message write (MessageTable with guardChecks)', () => {
  const message = {
    messageId: '1714564800000-aaaaaaaaaa',
    roomId: 'club',
    sender: 'ada',
    senderType: 'user' as const,
    text: 'hi',
    createdAt: '2024-05-01T12:00:00.000Z',
  };
  const guard = { roomId: 'club', who: 'ada', nowSeconds: NOW, memberOf: { roomCreatedAt: created } };

  it('puts the message and checks the sanction and the role in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await messages.putMessage(message, NOW + 10, guard);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put?.Item).toMatchObject({
      pk: 'ROOM#club',
      sk: `MSG#${message.messageId}`,
      expiresAt: NOW + 10,
    });
    expect(items.slice(1)).toEqual(guardChecks(TABLE, guard));
    expect(items[1]?.ConditionCheck).toMatchObject({ Key: { pk: 'ACCESS#club', sk: 'SANCTION#ada' } });
    expect(items[2]?.ConditionCheck).toMatchObject({
      Key: { pk: 'ACCESS#club', sk: 'ROLE#ada' },
      ConditionExpression: 'attribute_exists(pk) AND roomCreatedAt = :createdAt',
    });
  });

  it('says which check refused it, and passes other failures on', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'None'))
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed'))
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));
    await expect(messages.putMessage(message, NOW, guard)).rejects.toEqual(new PostRefused('sanction'));
    await expect(messages.putMessage(message, NOW, guard)).rejects.toEqual(new PostRefused('membership'));
    await expect(messages.putMessage(message, NOW, guard)).rejects.toBeInstanceOf(
      TransactionCanceledException,
    );
    await expect(messages.putMessage(message, NOW, guard)).rejects.toBeInstanceOf(
      ConditionalCheckFailedException,
    );
  });

  it('is a plain Put without a guard (the bot’s messages)', async () => {
    ddb.on(PutCommand).resolves({});
    await messages.putMessage(message, NOW);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });
});
