import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessageTable } from '../../../../lambdas/adapters/message-table';
import { only } from '../../../lists';

const ddb = mockClient(DynamoDBDocumentClient);
const table = new MessageTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);
const NOW = 1_714_564_800;
const ID = '1714564800000-aaaaaaaaaa';
const ada = { name: 'Ada', senderType: 'guest' as const, sessionId: 'session-ada' };
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const stored = {
  pk: 'ROOM#general',
  sk: `MSG#${ID}`,
  messageId: ID,
  roomId: 'general',
  sender: 'Ada',
  senderType: 'guest',
  text: 'hello',
  createdAt: '2024-05-01T12:00:00.000Z',
  expiresAt: NOW + 100,
};

function updates() {
  return ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
}

beforeEach(() => ddb.reset());

describe('MessageTable: one message', () => {
  it('reads an entry strongly consistently, with its reactions revision, and hides an expired one', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...stored, rev: 3, reactions: { '👍': ['Grace'] } } });
    expect(await table.getEntry('general', ID, NOW)).toEqual({
      entry: {
        messageId: ID,
        roomId: 'general',
        sender: 'Ada',
        senderType: 'guest',
        text: 'hello',
        createdAt: stored.createdAt,
        reactions: { '👍': ['Grace'] },
      },
      rev: 3,
    });
    expect(only(ddb.commandCalls(GetCommand)).args[0].input).toEqual({
      TableName: 'chatty',
      Key: { pk: 'ROOM#general', sk: `MSG#${ID}` },
      ConsistentRead: true,
    });
    ddb.on(GetCommand).resolves({ Item: { ...stored, expiresAt: NOW } });
    expect(await table.getEntry('general', ID, NOW)).toBeUndefined();
    ddb.on(GetCommand).resolves({});
    expect(await table.getEntry('general', ID, NOW)).toBeUndefined();
  });

  it('reads a deleted message as a tombstone without its text', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...stored, text: undefined, deleted: true } });
    expect((await table.getEntry('general', ID, NOW))?.entry).toEqual({
      messageId: ID,
      roomId: 'general',
      sender: 'Ada',
      senderType: 'guest',
      createdAt: stored.createdAt,
      deleted: true,
    });
  });

  it("edits with one conditional update: the author's live, undeleted message (a guest's may predate senderType, and is its session's)", async () => {
    ddb.on(UpdateCommand).resolves({
      Attributes: { ...stored, text: 'hi @Grace', editedAt: '2024-05-01T12:05:00.000Z', mentions: ['Grace'] },
    });
    const edited = await table.editText(
      'general',
      ID,
      ada,
      { text: 'hi @Grace', editedAt: '2024-05-01T12:05:00.000Z', mentions: ['Grace'] },
      NOW,
    );
    expect(edited).toMatchObject({
      text: 'hi @Grace',
      editedAt: '2024-05-01T12:05:00.000Z',
      mentions: ['Grace'],
    });
    const input = only(updates());
    expect(input).toMatchObject({
      Key: { pk: 'ROOM#general', sk: `MSG#${ID}` },
      UpdateExpression: 'SET #text = :text, editedAt = :editedAt, mentions = :mentions',
      ConditionExpression:
        'attribute_exists(pk) AND #expiresAt > :now AND attribute_not_exists(#deleted) AND #sender = :sender AND (#senderType = :senderType OR attribute_not_exists(#senderType)) AND #authorSession = :authorSession',
      ExpressionAttributeNames: expect.objectContaining({ '#authorSession': 'authorSession' }),
      ExpressionAttributeValues: expect.objectContaining({
        ':sender': 'Ada',
        ':senderType': 'guest',
        ':authorSession': 'session-ada',
        ':now': NOW,
      }),
      ReturnValues: 'ALL_NEW',
    });
  });

  it("removes the mentions of an edit without any, and an account's edit requires its senderType", async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored, senderType: 'user' } });
    await table.editText(
      'general',
      ID,
      { name: 'Ada', senderType: 'user' },
      { text: 'x', editedAt: 'now' },
      NOW,
    );
    const input = only(updates());
    expect(input.UpdateExpression).toBe('SET #text = :text, editedAt = :editedAt REMOVE mentions');
    expect(input.ConditionExpression).toMatch(/AND #senderType = :senderType$/);
    // An account's name is its own for good: no session in the condition (nor an unused placeholder, which
    // DynamoDB refuses).
    expect(input.ExpressionAttributeNames).not.toHaveProperty('#authorSession');
    expect(input.ExpressionAttributeValues).not.toHaveProperty(':authorSession');
  });

  it('stores the author session beside the message and reads it back, never in the entry', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...stored, authorSession: 'session-ada' } });
    const read = await table.getEntry('general', ID, NOW);
    expect(read?.authorSession).toBe('session-ada');
    expect(read?.entry).not.toHaveProperty('authorSession');
    ddb.on(UpdateCommand).resolves({});
    const { sessionId: _, ...noSession } = ada;
    await table.markDeleted('general', ID, noSession, NOW);
    expect(only(updates()).ExpressionAttributeValues).toMatchObject({ ':authorSession': '(none)' });
  });

  it('answers undefined (the caller reads why) when the condition fails, and passes other failures on', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    expect(await table.editText('general', ID, ada, { text: 'x', editedAt: 'now' }, NOW)).toBeUndefined();
    expect(await table.markDeleted('general', ID, ada, NOW)).toBe(false);
    expect(await table.setReactions('general', ID, {}, 0, NOW)).toBeUndefined();
    ddb
      .on(UpdateCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(table.markDeleted('general', ID, ada, NOW)).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
  });

  it('deletes by dropping the text and all that quoted it, keeping the item as a tombstone', async () => {
    ddb.on(UpdateCommand).resolves({});
    expect(await table.markDeleted('general', ID, ada, NOW)).toBe(true);
    expect(only(updates())).toMatchObject({
      UpdateExpression: 'SET #deleted = :true REMOVE #text, editedAt, reactions, replyTo, mentions, rev',
      ExpressionAttributeValues: expect.objectContaining({ ':true': true }),
    });
  });

  it('replaces reactions conditioned on the revision read (none stored yet at revision 0)', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored, reactions: { '👍': ['Ada'] }, rev: 1 } });
    expect(await table.setReactions('general', ID, { '👍': ['Ada'] }, 0, NOW)).toMatchObject({
      reactions: { '👍': ['Ada'] },
    });
    expect(only(updates())).toMatchObject({
      UpdateExpression: 'SET reactions = :reactions, rev = :next',
      ConditionExpression:
        'attribute_exists(pk) AND #expiresAt > :now AND attribute_not_exists(#deleted) AND (attribute_not_exists(rev) OR rev = :rev)',
      ExpressionAttributeValues: { ':reactions': { '👍': ['Ada'] }, ':next': 1, ':rev': 0, ':now': NOW },
    });
    ddb.reset();
    ddb.on(UpdateCommand).resolves({ Attributes: { ...stored, rev: 3 } });
    await table.setReactions('general', ID, {}, 2, NOW);
    expect(only(updates())).toMatchObject({
      UpdateExpression: 'SET rev = :next REMOVE reactions',
      ConditionExpression: expect.stringMatching(/AND rev = :rev$/),
    });
  });
});

describe('MessageTable: reading a room for mentions and unread counts', () => {
  it("lists the senders of the room's newest live messages, each once, projecting only the sender", async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ sender: 'Grace' }, { sender: 'Ada' }, { sender: 'Grace' }] });
    expect(await table.recentSenders('general', 50, NOW)).toEqual(['Grace', 'Ada']);
    expect(only(ddb.commandCalls(QueryCommand)).args[0].input).toMatchObject({
      ProjectionExpression: '#sender',
      ScanIndexForward: false,
      Limit: 50,
      FilterExpression: '#expiresAt > :now',
    });
  });

  it("counts the others' undeleted messages after the marker and those naming the reader, paging up to the bounds", async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [{ mentions: ['Ada'] }, {}],
        ScannedCount: 3,
        LastEvaluatedKey: { pk: 'ROOM#general', sk: 'MSG#x' },
      })
      .resolvesOnce({ Items: [{ mentions: ['Grace'] }], ScannedCount: 1 });
    const counts = await table.countUnread(
      'general',
      { after: ID, reader: 'Ada', max: 100, scannedMax: 300 },
      NOW,
    );
    expect(counts).toEqual({ unread: 3, mentions: 1 });
    const [first, second] = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(first).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      FilterExpression: '#expiresAt > :now AND #sender <> :reader AND attribute_not_exists(#deleted)',
      ProjectionExpression: 'mentions',
      ExpressionAttributeValues: {
        ':pk': 'ROOM#general',
        ':low': `MSG#${ID}!`,
        ':high': 'MSG#~',
        ':reader': 'Ada',
      },
      Limit: 300,
    });
    expect(second).toMatchObject({ Limit: 297, ExclusiveStartKey: { pk: 'ROOM#general', sk: 'MSG#x' } });
  });

  it('stops at max and at scannedMax, and counts from the start of the room without a marker', async () => {
    ddb.on(QueryCommand).resolves({
      Items: Array.from({ length: 5 }, () => ({})),
      ScannedCount: 5,
      LastEvaluatedKey: { pk: 'ROOM#general', sk: 'MSG#y' },
    });
    expect(await table.countUnread('general', { reader: 'Ada', max: 4, scannedMax: 300 }, NOW)).toEqual({
      unread: 4,
      mentions: 0,
    });
    const first = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(first?.ExpressionAttributeValues?.[':low']).toBe('MSG#');
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [{}], ScannedCount: 5, LastEvaluatedKey: { pk: 'p', sk: 's' } });
    expect(await table.countUnread('general', { reader: 'Ada', max: 100, scannedMax: 10 }, NOW)).toEqual({
      unread: 2,
      mentions: 0,
    });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
  });
});
