import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessageTable } from '../../../../lambdas/adapters/message-table';
import type { ChatMessage } from '../../../../lambdas/core/types';
import { only } from '../../../lists';

const ddb = mockClient(DynamoDBDocumentClient);
const table = new MessageTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  'chatty',
);
const NOW = 1_714_564_800;

function message(n: number): ChatMessage {
  const messageId = `${String(1_714_564_800_000 + n).padStart(13, '0')}-${String(n).padStart(10, '0')}`;
  return {
    messageId,
    roomId: 'general',
    sender: 'Ada',
    senderType: 'guest',
    text: `m${n}`,
    createdAt: new Date(n).toISOString(),
  };
}

function item(n: number) {
  const m = message(n);
  return { pk: 'ROOM#general', sk: `MSG#${m.messageId}`, ...m, expiresAt: NOW + 100 };
}

function queries() {
  return ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
}

describe('MessageTable', () => {
  beforeEach(() => ddb.reset());

  it('stores a message under its room and time-ordered sort key with the TTL attribute', async () => {
    ddb.on(PutCommand).resolves({});
    await table.putMessage(message(1), NOW + 172_800);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'chatty',
      Item: {
        pk: 'ROOM#general',
        sk: `MSG#${message(1).messageId}`,
        ...message(1),
        expiresAt: NOW + 172_800,
      },
    });
  });

  it("stores the sender's session on the item when given (a guest's edits must come from it)", async () => {
    ddb.on(PutCommand).resolves({});
    await table.putMessage(message(1), NOW + 172_800, undefined, 'session-ada');
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      ...message(1),
      authorSession: 'session-ada',
    });
  });

  it('returns the stored sender type, and derives one for messages stored before it was (the bot’s name: bot)', async () => {
    const legacy = (n: number, sender: string) => {
      const { senderType: _none, ...rest } = item(n);
      return { ...rest, sender };
    };
    ddb.on(QueryCommand).resolves({
      Items: [
        { ...item(5), senderType: 'user' },
        { ...item(4), senderType: 'bot', sender: 'Pyro' },
        legacy(3, 'Pyro'),
        legacy(2, 'Ada'),
        { ...legacy(1, 'Bob'), senderType: 'admin' },
      ],
    });
    const page = await table.listMessages('general', { limit: 5 }, NOW);
    expect(page.messages.map((m) => [m.sender, m.senderType])).toEqual([
      ['Bob', 'guest'],
      ['Ada', 'guest'],
      ['Pyro', 'bot'],
      ['Pyro', 'bot'],
      ['Ada', 'user'],
    ]);
  });

  it('queries the newest messages first, filtering out expired ones, and returns them oldest first', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(5), item(4), item(3)] });

    const page = await table.listMessages('general', { limit: 3 }, NOW);

    expect(queries()).toEqual([
      {
        TableName: 'chatty',
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
        FilterExpression: 'expiresAt > :now',
        ExpressionAttributeValues: { ':pk': 'ROOM#general', ':low': 'MSG#', ':high': 'MSG#~', ':now': NOW },
        ScanIndexForward: false,
        Limit: 4,
        ExclusiveStartKey: undefined,
      },
    ]);
    expect(page.messages.map((m) => ('text' in m ? m.text : null))).toEqual(['m3', 'm4', 'm5']);
    expect(page.hasMore).toBe(false);
  });

  it('keeps paging while the TTL filter leaves fewer than limit + 1 live items', async () => {
    // A filter applies after Limit: pages can come back short or empty with a LastEvaluatedKey.
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item(9)], LastEvaluatedKey: { pk: 'ROOM#general', sk: 'k1' } })
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'ROOM#general', sk: 'k2' } })
      .resolvesOnce({ Items: [item(8), item(7)], LastEvaluatedKey: { pk: 'ROOM#general', sk: 'k3' } })
      .resolves({ Items: [item(6)], LastEvaluatedKey: { pk: 'ROOM#general', sk: 'k4' } });

    const page = await table.listMessages('general', { limit: 3 }, NOW);

    const calls = queries();
    expect(calls.map((q) => q.Limit)).toEqual([4, 3, 3, 1]);
    expect(calls.map((q) => q.ExclusiveStartKey)).toEqual([
      undefined,
      { pk: 'ROOM#general', sk: 'k1' },
      { pk: 'ROOM#general', sk: 'k2' },
      { pk: 'ROOM#general', sk: 'k3' },
    ]);
    expect(page.messages.map((m) => ('text' in m ? m.text : null))).toEqual(['m7', 'm8', 'm9']);
    expect(page.hasMore).toBe(true);
  });

  it('stops at the end of the partition and reports no more', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item(2)], LastEvaluatedKey: { pk: 'ROOM#general', sk: 'k1' } })
      .resolves({ Items: [item(1)] });
    const page = await table.listMessages('general', { limit: 5 }, NOW);
    expect(queries()).toHaveLength(2);
    expect(page).toEqual({ messages: [message(1), message(2)], hasMore: false });
  });

  it('reads backwards from a before cursor, dropping the cursor that BETWEEN includes', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(5), item(4), item(3), item(2)] });
    const before = message(5).messageId;

    const page = await table.listMessages('general', { limit: 2, before }, NOW);

    expect(queries()[0]).toMatchObject({
      ExpressionAttributeValues: { ':low': 'MSG#', ':high': `MSG#${before}` },
      ScanIndexForward: false,
    });
    expect(page.messages.map((m) => ('text' in m ? m.text : null))).toEqual(['m3', 'm4']);
    expect(page.hasMore).toBe(true);
  });

  it('queries on when the dropped cursor left the page short', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [item(5), item(4), item(3)],
        LastEvaluatedKey: { pk: 'ROOM#general', sk: 'k1' },
      })
      .resolves({ Items: [item(2)] });

    const page = await table.listMessages('general', { limit: 2, before: message(5).messageId }, NOW);

    expect(queries().map((q) => q.Limit)).toEqual([3, 1]);
    expect(page).toEqual({ messages: [message(3), message(4)], hasMore: true });
  });

  it('uses an after bound that sorts after the cursor and before every newer id', () => {
    const after = `MSG#${message(1).messageId}`;
    const next = [`MSG#${message(2).messageId}`, `MSG#${message(1).messageId.slice(0, -1)}2`];
    for (const newer of next) expect(after < `${after}!` && `${after}!` < newer).toBe(true);
  });

  it('reads forwards from just past an after cursor and keeps ascending order', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(2), item(3), item(4)] });
    const after = message(1).messageId;

    const page = await table.listMessages('general', { limit: 2, after }, NOW);

    expect(queries()[0]).toMatchObject({
      // '!' sorts below every character of an id, so the bound lies between `after` and the next id.
      ExpressionAttributeValues: { ':low': `MSG#${after}!`, ':high': 'MSG#~' },
      ScanIndexForward: true,
    });
    expect(page.messages.map((m) => ('text' in m ? m.text : null))).toEqual(['m2', 'm3']);
    expect(page.hasMore).toBe(true);
  });

  it('reads between two cursors newest first', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(3)] });
    const after = message(1).messageId;
    const before = message(5).messageId;
    const page = await table.listMessages('general', { limit: 10, after, before }, NOW);
    expect(queries()[0]).toMatchObject({
      ExpressionAttributeValues: { ':low': `MSG#${after}!`, ':high': `MSG#${before}` },
      ScanIndexForward: false,
    });
    expect(page).toEqual({ messages: [message(3)], hasMore: false });
  });

  it('returns only the message fields, not the keys or TTL', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1)] });
    const page = await table.listMessages('general', { limit: 1 }, NOW);
    expect(Object.keys(only(page.messages, 'message')).sort()).toEqual([
      'createdAt',
      'messageId',
      'roomId',
      'sender',
      'senderType',
      'text',
    ]);
  });
});
