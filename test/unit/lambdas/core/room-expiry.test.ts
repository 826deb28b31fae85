import { describe, expect, it } from 'vitest';
import { postMessage } from '../../../../lambdas/core/messages';
import {
  createRoom,
  keepRoomAlive,
  ROOM_EXPIRY_SLACK_SECONDS,
  ROOM_IDLE_SECONDS,
  requireRoom,
  roomExpiry,
} from '../../../../lambdas/core/rooms';
import { fakeWorld, MemoryRoomStore, room, T0 } from './fakes';

const T0_SECONDS = T0 / 1000;
const DAY = 24 * 60 * 60;

describe('room expiry', () => {
  it('is 30 days after the last activity, with a day of slack', () => {
    expect(ROOM_IDLE_SECONDS).toBe(30 * DAY);
    expect(ROOM_EXPIRY_SLACK_SECONDS).toBe(DAY);
    expect(roomExpiry(T0)).toBe(T0_SECONDS + 30 * DAY);
  });

  it('is set on a room when it is created', async () => {
    const store = new MemoryRoomStore();
    await createRoom(store, 'Games', 'Ada', T0);
    expect(store.expiries.get('games')).toBe(T0_SECONDS + 30 * DAY);
  });

  it('makes an expired room unknown, even before it is deleted, and its name free again', async () => {
    const store = new MemoryRoomStore([room('games')]);
    store.expiries.set('games', T0_SECONDS);
    await expect(requireRoom(store, 'games')).rejects.toMatchObject({ code: 'room_not_found' });
    await expect(createRoom(store, 'Games', 'Bea', T0)).resolves.toMatchObject({ createdBy: 'Bea' });
    expect(store.expiries.get('games')).toBe(T0_SECONDS + 30 * DAY);
  });

  it('is pushed out by keepRoomAlive, but never for the lobby, which is not stored', async () => {
    const store = new MemoryRoomStore([room('games')]);
    await keepRoomAlive(store, 'lobby', T0);
    expect(store.keptAlive).toEqual([]);
    await keepRoomAlive(store, 'games', T0);
    expect(store.keptAlive).toEqual([
      { roomId: 'games', expiresAt: T0_SECONDS + 30 * DAY, slackSeconds: DAY },
    ]);
  });
});

describe('posting a message', () => {
  it('keeps its room alive before storing the message', async () => {
    const w = fakeWorld();
    w.rooms.expiries.set('general', T0_SECONDS + DAY);
    const deps = { ...w, messageTtlSeconds: 3600 };
    await postMessage(deps, { roomId: 'general', sender: 'Ada', senderType: 'guest', text: 'still here' });
    expect(w.rooms.keptAlive).toEqual([
      { roomId: 'general', expiresAt: T0_SECONDS + 30 * DAY, slackSeconds: DAY },
    ]);
    expect(w.rooms.expiries.get('general')).toBe(T0_SECONDS + 30 * DAY);
  });

  it('stores nothing when the room cannot be kept alive (so a retry cannot duplicate the message)', async () => {
    const w = fakeWorld();
    w.rooms.keepAlive = async () => {
      throw new Error('throttled');
    };
    const deps = { ...w, messageTtlSeconds: 3600 };
    await expect(
      postMessage(deps, { roomId: 'general', sender: 'Ada', senderType: 'guest', text: 'hi' }),
    ).rejects.toThrow('throttled');
    expect(w.messages.stored).toEqual([]);
  });

  it('in the lobby touches no room', async () => {
    const w = fakeWorld();
    await postMessage(
      { ...w, messageTtlSeconds: 3600 },
      { roomId: 'lobby', sender: 'Ada', senderType: 'guest', text: 'hi' },
    );
    expect(w.rooms.keptAlive).toEqual([]);
  });
});
