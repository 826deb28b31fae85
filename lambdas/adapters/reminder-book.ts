import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  CancelAsk,
  CancelChoice,
  PendingReminder,
  ReminderBook,
  ReminderLimits,
  ReminderRequest,
  Reservation,
} from '../core/bot/ports';
import { keys } from './table-keys';

/** A place is free again this long after its reminder fell due (TTL then removes the item). */
const GRACE_SECONDS = 60;
/** How long a cancel message's choice is kept: as long as its event can be redelivered (EventBridge: 24 h). */
const CHOICE_TTL_SECONDS = 2 * 24 * 60 * 60;
/** Tries when another reservation takes the same free place between our read and our write. */
const ATTEMPTS = 5;

type Owner = 'person' | 'room';

interface Place {
  slot: number;
  requestId: string;
  dueAtMs: number;
  /** Person places only: the reminder itself, and where its room place is. */
  roomId?: string;
  name?: string;
  text?: string;
  roomSlot?: number;
}

/**
 * The reminder book on the chat table: a person has places SLOT#1…SLOT#perPerson under one partition and a room
 * SLOT#1…SLOT#perRoom under another; a pending reminder holds one of each. Reserving reads both partitions (a
 * handful of items each, never a Scan), picks a free place in each (empty, or its reminder due), and writes both
 * in one transaction whose conditions fail if anyone took either place meanwhile; so however many instances of
 * the bot set reminders at once, no person or room ever holds more than its limit. A place frees itself when its
 * reminder falls due, so nothing has to run when one goes off.
 */
export class ReminderBookTable implements ReminderBook {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly random: (free: readonly number[]) => number = (free) =>
      free[Math.floor(Math.random() * free.length)] ?? lowest(free),
  ) {}

  async reserve(
    reminder: ReminderRequest,
    limits: Pick<ReminderLimits, 'perPerson' | 'perRoom'>,
    nowMs: number,
  ): Promise<Reservation> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const [mine, room] = await Promise.all([
        this.places('person', reminder.name),
        this.places('room', reminder.roomId),
      ]);
      // A redelivered request (at-least-once events) finds its places taken already.
      if (mine.some((p) => p.requestId === reminder.requestId)) return 'reserved';
      // After losing a race, a random free place: racing reservations then rarely pick the same one again.
      const pick = attempt === 0 ? lowest : this.random;
      const personSlot = freeSlot(mine, limits.perPerson, nowMs, pick);
      if (personSlot === undefined) return 'personFull';
      const roomSlot = freeSlot(room, limits.perRoom, nowMs, pick);
      if (roomSlot === undefined) return 'roomFull';
      if (await this.take(reminder, personSlot, roomSlot, nowMs)) return 'reserved';
    }
    throw new Error('Reminder places kept being taken by others; try again');
  }

  async release(name: string, requestId: string): Promise<void> {
    const place = (await this.places('person', name)).find((p) => p.requestId === requestId);
    if (!place) return;
    const deletes = [this.deleteIfHeld(keys.reminderPlace('person', name, place.slot), requestId)];
    if (place.roomId !== undefined && place.roomSlot !== undefined) {
      deletes.push(this.deleteIfHeld(keys.reminderPlace('room', place.roomId, place.roomSlot), requestId));
    }
    await Promise.all(deletes);
  }

  /** Numbered by place, not by due time: one falling due between listing and cancelling renumbers nothing. */
  async pending(name: string, nowMs: number): Promise<PendingReminder[]> {
    return (await this.places('person', name))
      .filter((p) => p.dueAtMs > nowMs)
      .sort((a, b) => a.slot - b.slot)
      .map((p) => pendingOf(p, name));
  }

  /**
   * Chooses once per cancel message: the choice is written with a condition that no choice exists for that
   * message yet. A redelivery (the reply failed to post, so the event is retried) loses that write and answers
   * with the first choice, so it cannot cancel whichever reminder has taken the place since.
   */
  async chooseToCancel(ask: CancelAsk, place: number, nowMs: number): Promise<CancelChoice> {
    const mine = (await this.places('person', ask.name)).filter((p) => p.dueAtMs > nowMs);
    const held = mine.find((p) => p.slot === place);
    const places = mine.map((p) => p.slot).sort((a, b) => a - b);
    const key = keys.bot('cancel', `${ask.roomId}#${ask.messageId}`);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            name: ask.name,
            place,
            // The document client stores no Dates: the reminder's time as dueAtMs.
            ...(held && {
              chosen: {
                requestId: held.requestId,
                roomId: held.roomId ?? '',
                text: held.text ?? '',
                dueAtMs: held.dueAtMs,
              },
            }),
            expiresAt: Math.floor(nowMs / 1000) + CHOICE_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const { Item } = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      const chosen = chosenOf(Item?.chosen, ask.name, place);
      return chosen ? { kind: 'chosen', reminder: chosen, repeated: true } : { kind: 'none', places };
    }
    return held
      ? { kind: 'chosen', reminder: pendingOf(held, ask.name), repeated: false }
      : { kind: 'none', places };
  }

  /** The places under one person or room: at most its limit (plus any left from a higher limit). */
  private async places(owner: Owner, id: string): Promise<Place[]> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.reminderPlaces(owner, id) },
        // Just written by another instance must count.
        ConsistentRead: true,
      }),
    );
    return Items.flatMap((item) => {
      const place = toPlace(item);
      return place ? [place] : [];
    });
  }

  private async take(reminder: ReminderRequest, personSlot: number, roomSlot: number, nowMs: number) {
    const dueAtMs = reminder.at.getTime();
    const common = {
      requestId: reminder.requestId,
      dueAtMs,
      expiresAt: Math.ceil(dueAtMs / 1000) + GRACE_SECONDS,
    };
    // Free: never taken, or its reminder is due (TTL deletes items late).
    const free = {
      ConditionExpression: 'attribute_not_exists(pk) OR dueAtMs <= :now',
      ExpressionAttributeValues: { ':now': nowMs },
    };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.reminderPlace('person', reminder.name, personSlot),
                  ...common,
                  roomId: reminder.roomId,
                  name: reminder.name,
                  text: reminder.text,
                  roomSlot,
                },
                ...free,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.reminderPlace('room', reminder.roomId, roomSlot),
                  ...common,
                  name: reminder.name,
                },
                ...free,
              },
            },
          ],
        }),
      );
      return true;
    } catch (err) {
      // A condition failed: someone took one of the places since we read them.
      if (err instanceof Error && err.name === 'TransactionCanceledException') return false;
      throw err;
    }
  }

  private async deleteIfHeld(key: { pk: string; sk: string }, requestId: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: 'requestId = :id',
          ExpressionAttributeValues: { ':id': requestId },
        }),
      );
    } catch (err) {
      // The place holds another reminder by now: it is not ours to free.
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }
}

/** A place from 1 to `limit` that no pending reminder holds, chosen by `pick`; undefined when all are held. */
function freeSlot(
  places: readonly Place[],
  limit: number,
  nowMs: number,
  pick: (free: readonly number[]) => number,
): number | undefined {
  const held = new Set(places.filter((p) => p.dueAtMs > nowMs).map((p) => p.slot));
  const free: number[] = [];
  for (let slot = 1; slot <= limit; slot++) if (!held.has(slot)) free.push(slot);
  return free.length === 0 ? undefined : pick(free);
}

/** Callers pass a non-empty list. */
function lowest(free: readonly number[]): number {
  return Math.min(...free);
}

function pendingOf(p: Place, name: string): PendingReminder {
  return {
    requestId: p.requestId,
    roomId: p.roomId ?? '',
    name,
    text: p.text ?? '',
    at: new Date(p.dueAtMs),
    place: p.slot,
  };
}

function chosenOf(value: unknown, name: string, place: number): PendingReminder | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { requestId, roomId, text, dueAtMs } = value as Record<string, unknown>;
  if (typeof requestId !== 'string' || typeof roomId !== 'string' || typeof dueAtMs !== 'number') {
    return undefined;
  }
  return {
    requestId,
    roomId,
    name,
    text: typeof text === 'string' ? text : '',
    at: new Date(dueAtMs),
    place,
  };
}

function toPlace(item: Record<string, unknown>): Place | undefined {
  const slot = typeof item.sk === 'string' ? Number(/^SLOT#(\d+)$/.exec(item.sk)?.[1]) : Number.NaN;
  const { requestId, dueAtMs, roomId, name, text, roomSlot } = item;
  if (!Number.isInteger(slot) || typeof requestId !== 'string' || typeof dueAtMs !== 'number')
    return undefined;
  return {
    slot,
    requestId,
    dueAtMs,
    ...(typeof roomId === 'string' && { roomId }),
    ...(typeof name === 'string' && { name }),
    ...(typeof text === 'string' && { text }),
    ...(typeof roomSlot === 'number' && { roomSlot }),
  };
}
