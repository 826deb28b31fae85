import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../web/api';
import { hashFor, ROOM_PAGE_SIZE, Rooms, type RoomsView, roomFromHash, sortRooms } from '../../web/rooms';
import type { Room } from '../../web/types';
import { UnreadCounts } from '../../web/unread';
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
  it('puts the lobby first (adding it when missing), the others by id as the server pages them, each once', () => {
    expect(sortRooms([room('zed', 'Zed'), room('art', 'art'), room('art', 'art')])).toEqual([
      room('lobby'),
      room('art', 'art'),
      room('zed', 'Zed'),
    ]);
    // By id, not by name: "a-b" sorts before "ab", as DynamoDB orders the ids.
    expect(sortRooms([room('ab', 'Ab'), room('a-b', 'A B')]).map((r) => r.roomId)).toEqual([
      'lobby',
      'a-b',
      'ab',
    ]);
    expect(sortRooms([room('b'), room('lobby', 'lobby'), room('a')]).map((r) => r.roomId)).toEqual([
      'lobby',
      'a',
      'b',
    ]);
  });
});

interface Page {
  rooms: Room[];
  next: string | null;
}

interface FakeApi {
  listRooms: (opts?: { limit?: number; next?: string; token?: string }) => Promise<Page>;
  createRoom: (token: string, name: string) => Promise<Room>;
}

const page = (rooms: Room[], next: string | null = null): Page => ({ rooms, next });

function setup(api: Partial<FakeApi> = {}, opts: { token?: string | null; initial?: string } = {}) {
  const { view, calls } = recordingView<RoomsView>();
  const counts = new UnreadCounts();
  const shown = { counts: 0 };
  const events: string[] = [];
  const fake: FakeApi = {
    listRooms: vi.fn(api.listRooms ?? (async () => page([room('lobby'), room('general')]))),
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
      counts,
      onCounts: () => {
        shown.counts += 1;
      },
    },
    opts.initial,
  );
  return { rooms, calls, events, fake, counts, shown };
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

  it('refresh shows the server’s first page, sorted', async () => {
    const { rooms, calls, fake } = setup({ listRooms: async () => page([room('zoo'), room('art')]) });
    await rooms.refresh();
    // With the person's token: the rooms then carry their unread counts.
    expect(fake.listRooms).toHaveBeenCalledWith({ limit: ROOM_PAGE_SIZE, token: 'tok' });
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'zoo']);
    expect(calls).toEqual([['showRooms', rooms.rooms, 'lobby', false]]);
  });

  it('render draws only when the list, the open room or whether more can load changed', async () => {
    const { rooms, calls } = setup();
    rooms.render();
    rooms.render();
    rooms.render();
    expect(calls).toHaveLength(1);
    rooms.select('general');
    rooms.render();
    rooms.render();
    expect(calls).toEqual([
      ['showRooms', [room('lobby')], 'lobby', false],
      ['showRooms', [room('lobby')], 'general', false],
    ]);
    await rooms.refresh();
    rooms.render();
    expect(calls).toHaveLength(3);
  });

  it('loads the next page when asked (the list scrolled to its end), appending it, until there is none', async () => {
    const pages: Record<string, Page> = {
      first: page([room('lobby'), room('art')], 'c1'),
      c1: page([room('book'), room('chess')], 'c2'),
      c2: page([room('zoo')]),
    };
    const { rooms, calls, fake } = setup({
      listRooms: async (opts) => pages[opts?.next ?? 'first'] ?? page([]),
    });
    await rooms.refresh();
    expect(rooms.hasMore).toBe(true);
    await rooms.loadMore();
    expect(fake.listRooms).toHaveBeenLastCalledWith({ limit: ROOM_PAGE_SIZE, next: 'c1', token: 'tok' });
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'book', 'chess']);
    await rooms.loadMore();
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'book', 'chess', 'zoo']);
    expect(rooms.hasMore).toBe(false);
    expect(calls.at(-1)).toEqual(['showRooms', rooms.rooms, 'lobby', false]);
    await rooms.loadMore();
    expect(fake.listRooms).toHaveBeenCalledTimes(3);
  });

  it('asks for a page once however often the scroll fires while it loads', async () => {
    const second = deferred<Page>();
    const { rooms, fake } = setup({
      listRooms: (opts) => (opts?.next ? second.promise : Promise.resolve(page([room('art')], 'c1'))),
    });
    await rooms.refresh();
    const loads = [rooms.loadMore(), rooms.loadMore(), rooms.loadMore()];
    second.resolve(page([room('zoo')]));
    await Promise.all(loads);
    expect(fake.listRooms).toHaveBeenCalledTimes(2);
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'zoo']);
  });

  it('reports a page that failed and can try it again', async () => {
    let fail = true;
    const { rooms, events } = setup({
      listRooms: async (opts) => {
        if (opts?.next && fail) throw new ApiError(503, 'Unavailable', 'Service unavailable');
        return opts?.next ? page([room('zoo')]) : page([room('art')], 'c1');
      },
    });
    await rooms.refresh();
    await rooms.loadMore();
    expect(events).toEqual(['error Could not load more rooms: Service unavailable']);
    expect(rooms.hasMore).toBe(true);
    fail = false;
    await rooms.loadMore();
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'zoo']);
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

  it('create makes the room with the token and opens it at once in its place, keeping the pages loaded', async () => {
    const { rooms, calls, events, fake } = setup({
      listRooms: async (opts) => (opts?.next ? page([room('zoo')]) : page([room('art')], 'c1')),
    });
    await rooms.refresh();
    await rooms.loadMore();
    calls.length = 0;
    await rooms.create('  Games ');
    expect(fake.createRoom).toHaveBeenCalledWith('tok', 'Games');
    expect(rooms.current).toBe('games');
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'games', 'zoo']);
    expect(events).toEqual(['hash #games', 'switch games']);
    expect(calls).toEqual([
      ['setCreating', true],
      ['showCreateProblem', ''],
      ['clearCreateInput'],
      ['showRooms', rooms.rooms, 'games', false],
      ['setCreating', false],
    ]);
    expect(fake.listRooms).toHaveBeenCalledTimes(2);
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

describe('Rooms: unread counts', () => {
  const counted = (roomId: string, unread: number, mentions: number) => ({
    ...room(roomId),
    unread,
    mentions,
  });

  it('hands the counts of a listing asked with the token to the unread counts', async () => {
    const { rooms, counts, shown } = setup({
      listRooms: async () => page([counted('lobby', 3, 0), counted('general', 2, 1)]),
    });
    await rooms.refresh();
    expect(counts.get('general')).toEqual({ unread: 2, mentions: 1 });
    // The open room's are the page's own: the socket tells it all that happens there.
    expect(counts.get('lobby')).toEqual({ unread: 0, mentions: 0 });
    expect(shown.counts).toBe(1);
  });

  it('signed out, lists the rooms without a token and counts nothing', async () => {
    const { rooms, fake, counts, shown } = setup({}, { token: null });
    await rooms.refresh();
    expect(fake.listRooms).toHaveBeenCalledWith({ limit: ROOM_PAGE_SIZE });
    expect(counts.all().size).toBe(0);
    expect(shown.counts).toBe(0);
  });

  it('a refused token ends the session, and the rooms are listed without it', async () => {
    const listRooms = async (opts?: { token?: string }) => {
      if (opts?.token) throw new ApiError(401, 'unauthorized', 'Sign in again.');
      return page([room('lobby'), room('general')]);
    };
    const { rooms, events } = setup({ listRooms });
    await rooms.refresh();
    expect(events).toEqual(['expired']);
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby', 'general']);
  });

  it('refreshCounts reads the first page again without dropping the pages loaded after it', async () => {
    const pages: Record<string, Page> = {
      first: page([room('lobby'), room('art')], 'c1'),
      c1: page([room('zoo')]),
    };
    const { rooms, fake, counts } = setup({
      listRooms: async (opts) => pages[opts?.next ?? 'first'] ?? page([]),
    });
    await rooms.refresh();
    await rooms.loadMore();
    pages.first = page([counted('lobby', 1, 0), counted('art', 4, 2)], 'c1');
    await rooms.refreshCounts();
    expect(rooms.rooms.map((r) => r.roomId)).toEqual(['lobby', 'art', 'zoo']);
    expect(rooms.hasMore).toBe(false);
    expect(counts.get('art')).toEqual({ unread: 4, mentions: 2 });
    expect(fake.listRooms).toHaveBeenLastCalledWith({ limit: ROOM_PAGE_SIZE, token: 'tok' });
  });

  it('refreshCounts stays quiet when the call fails', async () => {
    const { rooms, events } = setup({
      listRooms: async () => {
        throw new ApiError(0, 'NetworkError', 'offline');
      },
    });
    await rooms.refreshCounts();
    expect(events).toEqual([]);
  });
});
