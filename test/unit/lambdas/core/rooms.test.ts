import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../../lambdas/core/errors';
import { decodeRoomCursor, encodeRoomCursor } from '../../../../lambdas/core/room-cursor';
import { createRoom, LOBBY, listRooms, requireRoom } from '../../../../lambdas/core/rooms';
import { MemoryRoomStore, room, T0 } from './fakes';

const ids = (page: { rooms: { roomId: string }[] }) => page.rooms.map((r) => r.roomId);

describe('listRooms', () => {
  it('opens the first page with the lobby, then the stored rooms by id', async () => {
    const store = new MemoryRoomStore([room('zoo', 'Zoo'), room('art', 'Art'), room('music', 'music')]);
    const page = await listRooms(store);
    expect(ids(page)).toEqual(['lobby', 'art', 'music', 'zoo']);
    expect(page.next).toBeNull();
  });

  it('lists the lobby once even if a lobby item was stored', async () => {
    const page = await listRooms(new MemoryRoomStore([room('lobby', 'Stored lobby')]));
    expect(page).toEqual({ rooms: [LOBBY], next: null });
  });

  it('pages by `limit` (the lobby counts), each `next` continuing where the page before stopped', async () => {
    const store = new MemoryRoomStore(['a', 'b', 'c', 'd', 'e'].map((id) => room(id)));
    const first = await listRooms(store, { limit: '2' });
    expect(ids(first)).toEqual(['lobby', 'a']);
    const second = await listRooms(store, { limit: '2', next: first.next ?? undefined });
    expect(ids(second)).toEqual(['b', 'c']);
    const third = await listRooms(store, { limit: '2', next: second.next ?? undefined });
    expect(ids(third)).toEqual(['d', 'e']);
    expect(third.next).toBeNull();
  });

  it('with limit=1 gives the lobby alone, then the stored rooms from the first', async () => {
    const store = new MemoryRoomStore([room('art'), room('zoo')]);
    const first = await listRooms(store, { limit: '1' });
    expect(ids(first)).toEqual(['lobby']);
    expect(ids(await listRooms(store, { limit: '1', next: first.next ?? undefined }))).toEqual(['art']);
    expect(await listRooms(new MemoryRoomStore(), { limit: '1' })).toEqual({ rooms: [LOBBY], next: null });
  });

  it('takes an empty limit or cursor (API Gateway’s `?limit=&next=`) as none: 50 rooms a page', async () => {
    const store = new MemoryRoomStore(
      Array.from({ length: 60 }, (_, i) => room(`r${String(i).padStart(2, '0')}`)),
    );
    const page = await listRooms(store, { limit: '', next: '' });
    expect(page.rooms).toHaveLength(50);
    expect(page.rooms[0]).toBe(LOBBY);
    expect(page.next).not.toBeNull();
  });

  it('refuses a limit outside 1–100 with invalid_request', async () => {
    for (const limit of ['0', '101', '2.5', 'ten', '-1', '1e1']) {
      await expect(listRooms(new MemoryRoomStore(), { limit })).rejects.toMatchObject({
        code: 'invalid_request',
        status: 400,
      });
    }
  });

  it('refuses a cursor it did not write with invalid_cursor', async () => {
    for (const next of [
      'nope',
      encodeRoomCursor('Not A Slug'),
      Buffer.from('rooms:a').toString('base64'),
      'a b',
    ]) {
      await expect(listRooms(new MemoryRoomStore(), { next })).rejects.toMatchObject({
        code: 'invalid_cursor',
        status: 400,
      });
    }
  });

  it('leaves out expired rooms', async () => {
    const store = new MemoryRoomStore([room('art'), room('old'), room('zoo')]);
    store.expiries.set('old', store.nowSeconds);
    store.expiries.set('zoo', store.nowSeconds + 1);
    expect(ids(await listRooms(store))).toEqual(['lobby', 'art', 'zoo']);
  });
});

describe('room cursors', () => {
  it('round-trip a room id, and the empty id that stands for "after the lobby"', () => {
    for (const id of ['book-club', 'a', '']) expect(decodeRoomCursor(encodeRoomCursor(id))).toBe(id);
  });

  it('are opaque: no room id shows in them', () => {
    expect(encodeRoomCursor('book-club')).not.toContain('book');
    expect(encodeRoomCursor('book-club')).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('requireRoom', () => {
  it('finds the lobby without asking the store', async () => {
    const log: string[] = [];
    expect(await requireRoom(new MemoryRoomStore([], log), 'lobby')).toBe(LOBBY);
    expect(log).toEqual([]);
  });

  it('returns a stored room', async () => {
    expect(await requireRoom(new MemoryRoomStore([room('general')]), 'general')).toEqual(room('general'));
  });

  it('throws room_not_found (404) for an unknown room', async () => {
    const err = await requireRoom(new MemoryRoomStore(), 'nowhere').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatError);
    expect(err).toMatchObject({ code: 'room_not_found', status: 404 });
  });

  it('throws invalid_room for a malformed id without asking the store', async () => {
    const log: string[] = [];
    await expect(requireRoom(new MemoryRoomStore([], log), 'Not A Slug')).rejects.toMatchObject({
      code: 'invalid_room',
    });
    await expect(requireRoom(new MemoryRoomStore([], log), undefined)).rejects.toMatchObject({
      code: 'invalid_room',
    });
    expect(log).toEqual([]);
  });
});

describe('createRoom', () => {
  it('stores a room whose id is the slug of its name: public, with no owner (a guest’s)', async () => {
    const store = new MemoryRoomStore();
    const created = await createRoom(store, '  Café  Talk ', 'Ada', T0);
    expect(created).toEqual({
      roomId: 'cafe-talk',
      name: 'Café Talk',
      createdAt: '2024-05-01T12:00:00.000Z',
      createdBy: 'Ada',
      visibility: 'public',
      kind: 'room',
    });
    expect(store.rooms.get('cafe-talk')).toEqual(created);
  });

  it('refuses a name whose slug is taken with room_exists (409)', async () => {
    const store = new MemoryRoomStore([room('cafe-talk')]);
    await expect(createRoom(store, 'Cafe talk!', 'Ada', T0)).rejects.toMatchObject({
      code: 'room_exists',
      status: 409,
    });
  });

  it('refuses the lobby, which is never stored', async () => {
    const store = new MemoryRoomStore();
    await expect(createRoom(store, 'Lobby', 'Ada', T0)).rejects.toMatchObject({ code: 'room_exists' });
    expect(store.rooms.size).toBe(0);
  });

  it('refuses an invalid name with invalid_room', async () => {
    await expect(createRoom(new MemoryRoomStore(), '!!!', 'Ada', T0)).rejects.toMatchObject({
      code: 'invalid_room',
    });
  });
});
