import { describe, expect, it } from 'vitest';
import { limits } from '../../../../lambdas/contract/limits';
import { markRead, readerKey, unreadCounts } from '../../../../lambdas/core/unread';
import { FakeClock, MemoryRoomStore, room, T0 } from './fakes';
import { MemoryMessageRecords, MemoryReadMarkers } from './message-record-fakes';

function world() {
  const records = new MemoryMessageRecords();
  const markers = new MemoryReadMarkers();
  const rooms = new MemoryRoomStore([room('general')]);
  const clock = new FakeClock();
  const post = (n: number, sender: string, mentions?: string[]) =>
    records.add({
      messageId: `${String(T0 - 100_000 + n)}-aaaaaaaaaa`,
      roomId: 'general',
      sender,
      senderType: 'guest',
      text: `m${n}`,
      createdAt: new Date(T0 - 100_000 + n).toISOString(),
      ...(mentions ? { mentions } : {}),
    }).messageId;
  return { records, markers, rooms, clock, post, markerTtlSeconds: 3600 };
}

const ada = { kind: 'guest', name: 'Ada' };

describe('unread counts', () => {
  it('count the others’ messages after the marker, and those that mention the reader', async () => {
    const w = world();
    const first = w.post(1, 'Grace');
    w.post(2, 'Ada');
    w.post(3, 'Grace', ['Ada']);
    w.post(4, 'Linus');
    expect((await unreadCounts(w, ada, ['general', 'lobby'])).get('general')).toEqual({
      unread: 3,
      mentions: 1,
    });
    await markRead(w, { roomId: 'general', messageId: first, reader: ada });
    expect((await unreadCounts(w, ada, ['general'])).get('general')).toEqual({ unread: 2, mentions: 1 });
    expect(w.records.unreadQueries.at(-1)?.query).toEqual({
      after: first,
      reader: 'Ada',
      max: limits.unread.max,
      scannedMax: limits.unread.scannedMax,
    });
  });

  it('markRead only moves forward, and needs a room that exists and a well-formed messageId', async () => {
    const w = world();
    const first = w.post(1, 'Grace');
    const second = w.post(2, 'Grace');
    await markRead(w, { roomId: 'general', messageId: second, reader: ada });
    await markRead(w, { roomId: 'general', messageId: first, reader: ada });
    expect(w.markers.markers.get(`${readerKey(ada)}/general`)).toEqual({
      messageId: second,
      expiresAt: Math.floor(T0 / 1000) + 3600,
    });
    await expect(markRead(w, { roomId: 'nowhere', messageId: first, reader: ada })).rejects.toMatchObject({
      code: 'room_not_found',
    });
    await expect(markRead(w, { roomId: 'general', messageId: 'x', reader: ada })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('keep a guest’s markers apart from an account’s of the same name', () => {
    expect(readerKey({ kind: 'guest', name: 'Ada' })).not.toBe(readerKey({ kind: 'account', name: 'Ada' }));
  });
});
