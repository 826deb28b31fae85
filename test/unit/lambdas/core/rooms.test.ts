import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../../lambdas/core/errors';
import { createRoom, LOBBY, listRooms, requireRoom } from '../../../../lambdas/core/rooms';
import { MemoryRoomStore, room, T0 } from './fakes';

describe('listRooms', () => {
  it('lists the lobby first, then the stored rooms by name', async () => {
    const store = new MemoryRoomStore([room('zoo', 'Zoo'), room('art', 'Art'), room('music', 'music')]);
    const rooms = await listRooms(store);
    expect(rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'music', 'zoo']);
  });

  it('lists the lobby once even if a lobby item was stored', async () => {
    const rooms = await listRooms(new MemoryRoomStore([room('lobby', 'Stored lobby')]));
    expect(rooms).toEqual([LOBBY]);
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
  it('stores a room whose id is the slug of its name', async () => {
    const store = new MemoryRoomStore();
    const created = await createRoom(store, '  Café  Talk ', 'Ada', T0);
    expect(created).toEqual({
      roomId: 'cafe-talk',
      name: 'Café Talk',
      createdAt: '2024-05-01T12:00:00.000Z',
      createdBy: 'Ada',
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
