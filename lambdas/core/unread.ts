import { MessageIdSchema } from '../contract/fields';
import { limits } from '../contract/limits';
import type { MessageRecords, ReadMarkers } from './message-records';
import type { Clock, RoomStore } from './ports';
import { requireRoom } from './rooms';
import { validate } from './validation';

/** Whose read markers: a person by the kind of their sign-in and their name (a guest never shares an account's). */
export interface Reader {
  kind: string;
  name: string;
}

export function readerKey(reader: Reader): string {
  return `${reader.kind}#${reader.name}`;
}

export interface MarkReadDeps {
  rooms: RoomStore;
  markers: ReadMarkers;
  clock: Clock;
  /**
   * How long a marker lives: as long as the messages (MESSAGE_TTL_HOURS). Once every message it was newer than has
   * expired, a missing marker and an expired one count the same messages as unread.
   */
  markerTtlSeconds: number;
}

/** Moves the reader's marker in the room forward to `messageId` (one conditional write; never back). */
export async function markRead(
  deps: MarkReadDeps,
  input: { roomId: unknown; messageId: unknown; reader: Reader },
): Promise<void> {
  const messageId = validate(MessageIdSchema, input.messageId);
  const room = await requireRoom(deps.rooms, input.roomId);
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  await deps.markers.markRead(
    readerKey(input.reader),
    room.roomId,
    messageId,
    nowSeconds + deps.markerTtlSeconds,
  );
}

export interface UnreadDeps {
  records: Pick<MessageRecords, 'countUnread'>;
  markers: ReadMarkers;
  clock: Clock;
}

/** Rooms counted at once: a page of 100 rooms is 100 Queries, kept from all leaving together. */
const COUNT_CONCURRENCY = 10;

/**
 * Each room's unread messages and mentions for the reader: one BatchGetItem of their markers, then per room one
 * Query of the messages after the marker (at most limits.unread.scannedMax read, counts stop at limits.unread.max).
 */
export async function unreadCounts(
  deps: UnreadDeps,
  reader: Reader,
  roomIds: readonly string[],
): Promise<Map<string, { unread: number; mentions: number }>> {
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const markers = await deps.markers.markersOf(readerKey(reader), roomIds, nowSeconds);
  const counts = new Map<string, { unread: number; mentions: number }>();
  const queue = [...roomIds];
  const worker = async (): Promise<void> => {
    for (let roomId = queue.shift(); roomId !== undefined; roomId = queue.shift()) {
      const after = markers.get(roomId);
      const query = {
        ...(after ? { after } : {}),
        reader: reader.name,
        max: limits.unread.max,
        scannedMax: limits.unread.scannedMax,
      };
      counts.set(roomId, await deps.records.countUnread(roomId, query, nowSeconds));
    }
  };
  await Promise.all(Array.from({ length: Math.min(COUNT_CONCURRENCY, roomIds.length) }, worker));
  return counts;
}
