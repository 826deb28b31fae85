import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../web/api';
import { hashFor, Rooms, type RoomsView, roomFromHash, sortRooms } from '../../web/rooms';
import type { Room } from '../../web/types';
import { deferred, recordingView } from './fakes';

const room = (roomId: string, name = roomId): Room => ({ roomId, name });

describe('roomFromHash', () => {
  it('reads a room id with or without the #, percent-decoded', () => {
    expect(roomFromHash('#general')).toBe('general');
    expect(roomFromHash('general')).toBe('general');
    expect(roomFromHash('#rust-lang')).toBe('rust-lang');
    expect(roomFromHash(hashFor('deep-space-9'))).toBe('deep-space-9');
  });

  it('gives null for nothing, a name that is no room id, or broken percent-encoding', () => {
    expect(roomFromHash('')).toBeNull();
    expect(roomFromHash('#')).toBeNull();
    expect(roomFromHash('#General')).toBeNull();
    expect(roomFromHash('#-edge')).toBeNull();
    expect(roomFromHash(`#${'a'.repeat(41)}`)).toBeNull();
    expect(roomFromHash('#%E0%A4%A')).toBeNull();
  });
});

describe('sortRooms', () => {
  it('puts the lobby first (adding it when missing), the others by name, each once', () => {
    expect(sortRooms([room('zed', 'Zed'), room('art', 'art'), room('art', 'art')])).toEqual([
      room('lobby'),
      room('art', 'art'),
      room('zed', 'Zed'),
    ]);
    expect(sortRooms([room('b'), room('lobby', 'lobby'), room('a')]).map((r) => r.roomId)).toEqual([
      'lobby',
      'a',
      'b',
    ]);
  });
});

interface FakeApi {
  listRooms: () => Promise<Room[]>;
  createRoom: (token: string, name: string) => Promise<Room>;
}

function setup(api: Partial<FakeApi> = {}, opts: { token?: string | null; initial?: string } = {}) {
  const { view, calls } = recordingView<RoomsView>();
  const events: string[] = [];
  const fake: FakeApi = {
    listRooms: vi.fn(api.listRooms ?? (async () => [room('lobby'), room('general')])),
    createRoom: vi.fn(api.createRoom ?? (async (_t: string, name: string) => room(name.toLowerCase(), name))),
  };
  const rooms = new Rooms(
    {
      api: () => fake,
      token: () => (opts.token === undefined ? 'tok' : opts.token),
      view,
      setHash: (hash) => events.push(`hash ${hash}`),
      onSwitch: (roomId) => events.push(`switch ${roomId}`),
      onExpired: () => events.push('expired'),
      showError: (message) => events.push(`error ${message}`),
    },
    opts.initial,
  );
  return { rooms, calls, events, fake };
}

describe('Rooms', () => {
  it('starts in the lobby, or in the room the page was opened on', () => {
    expect(setup().rooms.current).toBe('lobby');
    expect(setup({}, { initial: 'general' }).rooms.current).toBe('general');
    expect(setup().rooms.rooms).toEqual([room('lobby')]);
  });

  it('select records the room in the hash and tells the page, once per change', () => {
    const { rooms, events } = setup();
    rooms.select('general');
    rooms.select('general');
    expect(rooms.current).toBe('general');
    expect(events).toEqual(['hash #general', 'switch general']);
  });

  it('refresh shows the server’s list, sorted', async () => {
    const { rooms, calls } = setup({ listRooms: async () => [room('zoo'), room('art')] });
    await rooms.refresh();
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'zoo']);
    expect(calls).toEqual([['showRooms', rooms.rooms, 'lobby']]);
  });

  it('refresh reports a failure and keeps the list it had', async () => {
    const { rooms, events } = setup({
      listRooms: async () => {
        throw new ApiError(503, 'Unavailable', 'Service unavailable');
      },
    });
    await rooms.refresh();
    expect(events).toEqual(['error Could not load the rooms: Service unavailable']);
    expect(rooms.rooms).toEqual([room('lobby')]);
  });

  it('create asks for a name before calling the server', async () => {
    const { rooms, calls, fake } = setup();
    await rooms.create('   ');
    expect(calls).toEqual([['showCreateProblem', 'Give the room a name.']]);
    expect(fake.createRoom).not.toHaveBeenCalled();
  });

  it('create does nothing while signed out', async () => {
    const { rooms, calls, fake } = setup({}, { token: null });
    await rooms.create('Games');
    expect(calls).toEqual([]);
    expect(fake.createRoom).not.toHaveBeenCalled();
  });

  it('create makes the room with the token, opens it at once and then refreshes the list', async () => {
    const listed = deferred<Room[]>();
    const { rooms, calls, events, fake } = setup({ listRooms: () => listed.promise });
    await rooms.create('  Games ');
    expect(fake.createRoom).toHaveBeenCalledWith('tok', 'Games');
    expect(rooms.current).toBe('games');
    expect(rooms.rooms).toContainEqual(room('games', 'Games'));
    expect(events).toEqual(['hash #games', 'switch games']);
    expect(calls).toEqual([
      ['setCreating', true],
      ['showCreateProblem', ''],
      ['clearCreateInput'],
      ['setCreating', false],
    ]);
    expect(fake.listRooms).toHaveBeenCalledTimes(1);
    listed.resolve([room('games', 'Games'), room('lobby')]);
    await vi.waitFor(() => expect(calls.at(-1)?.[0]).toBe('showRooms'));
  });

  it('create signs the person out when the server refuses the token', async () => {
    const { rooms, calls, events } = setup({
      createRoom: async () => {
        throw new ApiError(401, 'Unauthorized', 'Sign in again.');
      },
    });
    await rooms.create('Games');
    expect(events).toEqual(['expired']);
    expect(calls).toEqual([
      ['setCreating', true],
      ['showCreateProblem', ''],
      ['setCreating', false],
    ]);
  });

  it('create shows any other refusal under the form and stays in the room', async () => {
    const { rooms, calls, events } = setup({
      createRoom: async () => {
        throw new ApiError(400, 'BadRequest', 'Room names can be at most 40 characters.');
      },
    });
    await rooms.create('x'.repeat(41));
    expect(calls).toContainEqual(['showCreateProblem', 'Room names can be at most 40 characters.']);
    expect(rooms.current).toBe('lobby');
    expect(events).toEqual([]);
  });
});
