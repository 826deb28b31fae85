import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReminderBookTable } from '../../../../lambdas/adapters/reminder-book';
import type { ReminderRequest } from '../../../../lambdas/core/bot/ports';

const ddb = mockClient(DynamoDBDocumentClient);
const book = new ReminderBookTable(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  't',
);
const NOW = Date.parse('2026-03-14T15:00:00.000Z');
const limits = { perPerson: 5, perRoom: 20 };

type Item = Record<string, unknown> & { pk: string; sk: string };
let items: Map<string, Item>;
/** Runs before a transaction is applied: lets a test slip another instance's write in between. */
let beforeTransaction: (() => void) | undefined;

const id = (item: { pk: unknown; sk: unknown }) => `${String(item.pk)}|${String(item.sk)}`;
const put = (item: Item) => items.set(id(item), item);

/** The table, evaluating the adapter's conditions the way DynamoDB would. */
beforeEach(() => {
  ddb.reset();
  items = new Map();
  beforeTransaction = undefined;
  ddb.on(QueryCommand).callsFake((input) => ({
    Items: [...items.values()].filter((i) => i.pk === input.ExpressionAttributeValues[':pk']),
  }));
  ddb.on(TransactWriteCommand).callsFake((input) => {
    beforeTransaction?.();
    beforeTransaction = undefined;
    const puts = input.TransactItems.map(
      (t: { Put: { Item: Item; ExpressionAttributeValues: { ':now': number } } }) => t.Put,
    );
    const free = puts.every((p: { Item: Item; ExpressionAttributeValues: { ':now': number } }) => {
      const held = items.get(id(p.Item));
      return !held || (held.dueAtMs as number) <= p.ExpressionAttributeValues[':now'];
    });
    if (!free) throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {} });
    for (const p of puts) put(p.Item);
    return {};
  });
  ddb.on(PutCommand).callsFake((input) => {
    if (input.ConditionExpression === 'attribute_not_exists(pk)' && items.has(id(input.Item))) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    put(input.Item);
    return {};
  });
  ddb.on(GetCommand).callsFake((input) => ({ Item: items.get(id(input.Key)) }));
  ddb.on(DeleteCommand).callsFake((input) => {
    const held = items.get(id(input.Key));
    if (held?.requestId !== input.ExpressionAttributeValues[':id']) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    items.delete(id(input.Key));
    return {};
  });
});

const reminder = (requestId: string, name = 'Ana', roomId = 'lobby', minutes = 10): ReminderRequest => ({
  requestId,
  name,
  roomId,
  text: `do ${requestId}`,
  at: new Date(NOW + minutes * 60_000),
});
const placesOf = (pk: string) =>
  [...items.values()]
    .filter((i) => i.pk === pk)
    .map((i) => i.sk)
    .sort();

describe('ReminderBookTable', () => {
  it('takes the first free place of the person and of the room in one transaction that fails if either is taken', async () => {
    expect(await book.reserve(reminder('m-1'), limits, NOW)).toBe('reserved');
    const [call] = ddb.commandCalls(TransactWriteCommand);
    expect(call?.args[0].input.TransactItems?.map((t) => t.Put?.ConditionExpression)).toEqual([
      'attribute_not_exists(pk) OR dueAtMs <= :now',
      'attribute_not_exists(pk) OR dueAtMs <= :now',
    ]);
    expect(items.get('REMINDERS#person#Ana|SLOT#1')).toMatchObject({
      requestId: 'm-1',
      roomId: 'lobby',
      text: 'do m-1',
      roomSlot: 1,
      dueAtMs: NOW + 600_000,
      expiresAt: (NOW + 600_000) / 1000 + 60,
    });
    expect(items.get('REMINDERS#room#lobby|SLOT#1')).toMatchObject({ requestId: 'm-1' });
    expect(ddb.commandCalls(QueryCommand).every((c) => c.args[0].input.ConsistentRead)).toBe(true);
  });

  it('answers reserved again for the same request without a second place (a redelivered event)', async () => {
    await book.reserve(reminder('m-1'), limits, NOW);
    expect(await book.reserve(reminder('m-1'), limits, NOW)).toBe('reserved');
    expect(placesOf('REMINDERS#person#Ana')).toEqual(['SLOT#1']);
  });

  it('refuses a person’s sixth pending reminder, and a room’s twenty-first', async () => {
    for (let i = 1; i <= 5; i++) expect(await book.reserve(reminder(`a-${i}`), limits, NOW)).toBe('reserved');
    expect(await book.reserve(reminder('a-6'), limits, NOW)).toBe('personFull');
    for (let p = 1; p <= 3; p++) {
      for (let i = 1; i <= 5; i++) await book.reserve(reminder(`p${p}-${i}`, `P${p}`), limits, NOW);
    }
    expect(await book.reserve(reminder('bo-1', 'Bo'), limits, NOW)).toBe('roomFull');
    expect(await book.reserve(reminder('bo-2', 'Bo', 'attic'), limits, NOW)).toBe('reserved');
    expect(placesOf('REMINDERS#room#lobby')).toHaveLength(20);
  });

  it('reuses the place of a reminder that has fallen due', async () => {
    for (let i = 1; i <= 5; i++) await book.reserve(reminder(`a-${i}`, 'Ana', 'lobby', i), limits, NOW);
    const later = NOW + 90_000; // a-1 fell due a minute in
    expect(await book.reserve(reminder('a-6'), limits, later)).toBe('reserved');
    expect(items.get('REMINDERS#person#Ana|SLOT#1')).toMatchObject({ requestId: 'a-6' });
  });

  it('reads again and takes another place when someone took the chosen one meanwhile', async () => {
    beforeTransaction = () =>
      put({ pk: 'REMINDERS#person#Ana', sk: 'SLOT#1', requestId: 'other', dueAtMs: NOW + 1e6 });
    expect(await book.reserve(reminder('m-1'), limits, NOW)).toBe('reserved');
    const mine = [...items.values()].filter((i) => i.requestId === 'm-1').map((i) => i.pk);
    expect(mine.sort()).toEqual(['REMINDERS#person#Ana', 'REMINDERS#room#lobby']);
    expect(items.get('REMINDERS#person#Ana|SLOT#1')).toMatchObject({ requestId: 'other' });
  });

  it('never lets concurrent reservations hold more than the limit', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => book.reserve(reminder(`c-${i}`, 'Ana', `room-${i}`), limits, NOW)),
    );
    const reserved = results.filter((r) => r.status === 'fulfilled' && r.value === 'reserved');
    expect(placesOf('REMINDERS#person#Ana').length).toBeLessThanOrEqual(5);
    expect(placesOf('REMINDERS#person#Ana')).toHaveLength(reserved.length);
  });

  it('lists a person’s pending reminders numbered by their places, leaving out those due', async () => {
    await book.reserve(reminder('gone', 'Ana', 'lobby', 1), limits, NOW);
    await book.reserve(reminder('late', 'Ana', 'attic', 60), limits, NOW);
    await book.reserve(reminder('soon', 'Ana', 'lobby', 5), limits, NOW);
    await book.reserve(reminder('bo', 'Bo', 'lobby', 5), limits, NOW);
    const late = {
      requestId: 'late',
      name: 'Ana',
      roomId: 'attic',
      text: 'do late',
      at: new Date(NOW + 60 * 60_000),
      place: 2,
    };
    const soon = {
      requestId: 'soon',
      name: 'Ana',
      roomId: 'lobby',
      text: 'do soon',
      at: new Date(NOW + 5 * 60_000),
    };
    expect(await book.pending('Ana', NOW + 2 * 60_000)).toEqual([late, { ...soon, place: 3 }]);
    // "soon" falling due renumbers nothing: "late" is still number 2.
    expect(await book.pending('Ana', NOW + 6 * 60_000)).toEqual([late]);
  });

  it('releases both places of a reminder, and nobody else’s', async () => {
    await book.reserve(reminder('m-1'), limits, NOW);
    await book.reserve(reminder('m-2'), limits, NOW);
    await book.release('Ana', 'm-1');
    expect(placesOf('REMINDERS#person#Ana')).toEqual(['SLOT#2']);
    expect(placesOf('REMINDERS#room#lobby')).toEqual(['SLOT#2']);
    await book.release('Ana', 'unknown');
    // A place someone else took since is not freed.
    items.set('REMINDERS#room#lobby|SLOT#2', {
      pk: 'REMINDERS#room#lobby',
      sk: 'SLOT#2',
      requestId: 'x',
      dueAtMs: NOW + 1e6,
    });
    await book.release('Ana', 'm-2');
    expect(placesOf('REMINDERS#person#Ana')).toEqual([]);
    expect(placesOf('REMINDERS#room#lobby')).toEqual(['SLOT#2']);
  });

  describe('chooseToCancel', () => {
    const ask = { roomId: 'lobby', name: 'Ana', messageId: 'c-1' };
    const choiceKey = 'BOT#cancel#lobby#c-1|BOT';

    it('chooses the reminder at the place and records the choice once for the message, with a TTL', async () => {
      await book.reserve(reminder('m-1'), limits, NOW);
      await book.reserve(reminder('m-2', 'Ana', 'attic', 20), limits, NOW);
      expect(await book.chooseToCancel(ask, 2, NOW)).toEqual({
        kind: 'chosen',
        repeated: false,
        reminder: {
          requestId: 'm-2',
          name: 'Ana',
          roomId: 'attic',
          text: 'do m-2',
          at: new Date(NOW + 20 * 60_000),
          place: 2,
        },
      });
      const [call] = ddb.commandCalls(PutCommand);
      expect(call?.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');
      expect(items.get(choiceKey)).toMatchObject({
        name: 'Ana',
        place: 2,
        chosen: { requestId: 'm-2', roomId: 'attic', text: 'do m-2', dueAtMs: NOW + 20 * 60_000 },
        expiresAt: NOW / 1000 + 2 * 24 * 60 * 60,
      });
    });

    it('answers a redelivery with the first choice, even after another reminder took its place', async () => {
      await book.reserve(reminder('m-1'), limits, NOW);
      await book.reserve(reminder('m-2'), limits, NOW);
      await book.chooseToCancel(ask, 1, NOW);
      await book.release('Ana', 'm-1');
      await book.reserve(reminder('m-3'), limits, NOW);
      expect(items.get('REMINDERS#person#Ana|SLOT#1')).toMatchObject({ requestId: 'm-3' });
      const again = await book.chooseToCancel(ask, 1, NOW + 60_000);
      expect(again).toMatchObject({
        kind: 'chosen',
        repeated: true,
        reminder: { requestId: 'm-1', place: 1 },
      });
      expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.ConsistentRead).toBe(true);
      // Another message is a new choice.
      expect(await book.chooseToCancel({ ...ask, messageId: 'c-2' }, 1, NOW)).toMatchObject({
        repeated: false,
        reminder: { requestId: 'm-3' },
      });
    });

    it('answers none with the places held, and a redelivery none again though the place is taken since', async () => {
      await book.reserve(reminder('m-1'), limits, NOW);
      await book.reserve(reminder('m-2'), limits, NOW);
      await book.reserve(reminder('m-3', 'Ana', 'lobby', 1), limits, NOW);
      // m-3 (place 3) is due two minutes in.
      expect(await book.chooseToCancel(ask, 3, NOW + 2 * 60_000)).toEqual({ kind: 'none', places: [1, 2] });
      expect(items.get(choiceKey)).not.toHaveProperty('chosen');
      await book.reserve(reminder('m-4'), limits, NOW + 2 * 60_000);
      expect(items.get('REMINDERS#person#Ana|SLOT#3')).toMatchObject({ requestId: 'm-4' });
      expect(await book.chooseToCancel(ask, 3, NOW + 2 * 60_000)).toEqual({
        kind: 'none',
        places: [1, 2, 3],
      });
    });

    it('fails when the choice cannot be recorded, so nothing is cancelled unrecorded', async () => {
      await book.reserve(reminder('m-1'), limits, NOW);
      ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
      await expect(book.chooseToCancel(ask, 1, NOW)).rejects.toThrow('ProvisionedThroughput');
    });
  });
});
