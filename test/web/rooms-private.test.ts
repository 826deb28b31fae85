import { describe, expect, it, vi } from 'vitest';
import { Rooms, type RoomsView } from '../../web/rooms';
import type { Room } from '../../web/types';

function setup(initial = 'lobby') {
  const view: RoomsView = {
    showRooms: vi.fn(),
    showCreateProblem: vi.fn(),
    setCreating: vi.fn(),
    clearCreateInput: vi.fn(),
  };
  const createRoom = vi.fn(async (_token: string, name: string, visibility?: 'public' | 'private') => ({
    roomId: name.toLowerCase(),
    name,
    ...(visibility ? { visibility } : {}),
  }));
  const onSwitch = vi.fn();
  const rooms = new Rooms(
    {
      api: () => ({ listRooms: vi.fn(async () => ({ rooms: [], next: null })), createRoom }),
      token: () => 'tok',
      view,
      setHash: vi.fn(),
      onSwitch,
      onExpired: vi.fn(),
      showError: vi.fn(),
    },
    initial,
  );
  return { rooms, createRoom, onSwitch };
}

const dm: Room = { roomId: 'dm-3f2a9c0b1d4e5f60718293a4', name: 'Ada & Grace', kind: 'dm', dmWith: 'Grace' };

describe('Rooms and issue 16', () => {
  it('creates a private room when asked, a public one by default', async () => {
    const { rooms, createRoom } = setup();
    await rooms.create('Club', 'private');
    expect(createRoom).toHaveBeenLastCalledWith('tok', 'Club', 'private');
    expect(rooms.rooms.find((r) => r.roomId === 'club')?.visibility).toBe('private');
    await rooms.create('Hall');
    expect(createRoom).toHaveBeenLastCalledWith('tok', 'Hall');
  });

  it('enters a direct message: listed once and opened', () => {
    const { rooms, onSwitch } = setup();
    rooms.enter(dm);
    rooms.enter(dm);
    expect(rooms.rooms.filter((r) => r.roomId === dm.roomId)).toHaveLength(1);
    expect(rooms.current).toBe(dm.roomId);
    expect(onSwitch).toHaveBeenCalledTimes(1);
  });

  it('forgets a room the person left, opening the lobby if it was open; the lobby is never forgotten', () => {
    const { rooms } = setup();
    rooms.enter(dm);
    rooms.forget(dm.roomId);
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby']);
    expect(rooms.current).toBe('lobby');
    rooms.forget('lobby');
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby']);
  });
});
