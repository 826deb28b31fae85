import { describe, expect, it } from 'vitest';
import {
  CONNECTION_TTL_SECONDS,
  connect,
  disconnect,
  joinRoom,
  MEMBER_JOINED,
  SOCKET_MAX_LIFETIME_SECONDS,
} from '../../../../lambdas/core/presence';
import { fakeWorld, room, T0 } from './fakes';
import { MemorySocketSlots } from './limit-fakes';
import { MemoryMemberStore } from './member-fakes';

const guest = (id: string) => ({ kind: 'guest' as const, id });

function world() {
  const w = fakeWorld({ rooms: [room('general'), room('music')] });
  w.connections.add('c-bob', 'general', 'Bob');
  w.connections.add('c-cy', 'general', 'Cy');
  w.connections.add('c-dee', 'music', 'Dee');
  const members = new MemoryMemberStore()
    .add('general', 'Bob', ['c-bob'])
    .add('general', 'Cy', ['c-cy'])
    .add('music', 'Dee', ['c-dee']);
  return {
    ...w,
    members,
    snapshotNames: 100,
    socketSlots: new MemorySocketSlots(),
    socketsPerIdentity: { guest: 3, account: 5 },
    joinLimiter: w.rateLimiter,
  };
}

describe('connect', () => {
  it('records the connection in its room with a 3-hour TTL', async () => {
    const w = world();
    const { connection } = await connect(w, {
      connectionId: 'c-ada',
      name: 'Ada',
      identity: guest('Ada'),
      roomId: 'general',
    });
    expect(connection).toEqual({
      connectionId: 'c-ada',
      roomId: 'general',
      name: 'Ada',
      connectedAt: '2024-05-01T12:00:00.000Z',
    });
    expect(w.connections.items.get('c-ada')).toEqual({
      connection,
      expiresAt: T0 / 1000 + CONNECTION_TTL_SECONDS,
    });
    expect(CONNECTION_TTL_SECONDS).toBe(3 * 3600);
  });

  it('posts nothing itself: the room hears of the newcomer from the table’s stream (core/presence-stream.ts)', async () => {
    const w = world();
    await connect(w, { connectionId: 'c-ada', name: 'Ada', identity: guest('Ada'), roomId: 'general' });
    expect(w.sockets.posts).toEqual([]);
    expect(w.log.filter((l) => l.startsWith('connections.roomConnections'))).toEqual([]);
  });

  it('publishes MemberJoined', async () => {
    const w = world();
    await connect(w, { connectionId: 'c-ada', name: 'Ada', identity: guest('Ada'), roomId: 'general' });
    expect(w.bus.events).toEqual([
      { detailType: MEMBER_JOINED, detail: { roomId: 'general', name: 'Ada', visibility: 'public' } },
    ]);
  });

  it('keeps the connection when telling the others fails, returning the error instead of refusing the socket', async () => {
    const w = world();
    const failure = new Error('PutEvents refused');
    w.bus.failure = failure;
    const { connection, announceError } = await connect(w, {
      connectionId: 'c-ada',
      name: 'Ada',
      identity: guest('Ada'),
      roomId: 'general',
    });
    expect(announceError).toBe(failure);
    expect(connection.roomId).toBe('general');
    expect(w.connections.items.has('c-ada')).toBe(true);
  });

  it('puts a socket without a roomId in the lobby', async () => {
    const w = world();
    const { connection } = await connect(w, {
      connectionId: 'c-ada',
      name: 'Ada',
      identity: guest('Ada'),
      roomId: undefined,
    });
    expect(connection.roomId).toBe('lobby');
  });

  it('refuses an unknown room with room_not_found and records nothing', async () => {
    const w = world();
    await expect(
      connect(w, { connectionId: 'c-ada', name: 'Ada', identity: guest('Ada'), roomId: 'nowhere' }),
    ).rejects.toMatchObject({
      code: 'room_not_found',
      status: 404,
    });
    expect(w.connections.items.has('c-ada')).toBe(false);
    expect(w.bus.events).toEqual([]);
  });
});

describe('connect: open sockets per identity', () => {
  const ada = (n: number, identity = 'Ada') => ({
    connectionId: `c-${identity}-${n}`,
    name: identity,
    identity: guest(identity),
    roomId: 'general',
  });

  it('takes one of the identity’s slots, held until the socket is surely closed (2 hours)', async () => {
    const w = world();
    await connect(w, ada(1));
    expect(w.socketSlots.slots.get('sockets#guest#Ada')).toEqual(
      new Map([['c-Ada-1', T0 / 1000 + SOCKET_MAX_LIFETIME_SECONDS]]),
    );
    expect(SOCKET_MAX_LIFETIME_SECONDS).toBe(2 * 3600);
  });

  it('accepts sockets up to the limit, then refuses the next with rate_limited, recording and telling nothing', async () => {
    const w = world();
    for (const n of [1, 2, 3]) await connect(w, ada(n));
    const posts = w.sockets.posts.length;
    await expect(connect(w, ada(4))).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
    expect(w.connections.items.has('c-Ada-4')).toBe(false);
    expect(w.sockets.posts).toHaveLength(posts);
    expect(w.bus.events).toHaveLength(3);
  });

  it('lets an account open more sockets than a guest (its own limit)', async () => {
    const w = world();
    const account = (n: number) => ({ ...ada(n), identity: { kind: 'account' as const, id: 'Ada' } });
    for (const n of [1, 2, 3, 4, 5]) await connect(w, account(n));
    await expect(connect(w, account(6))).rejects.toMatchObject({
      code: 'rate_limited',
      message: expect.stringContaining('You have 5 connections open'),
    });
    for (const n of [1, 2, 3]) await connect(w, ada(n));
    await expect(connect(w, ada(4))).rejects.toMatchObject({
      message: expect.stringContaining('You have 3 connections open'),
    });
  });

  it('keeps serving other identities while one is at its limit', async () => {
    const w = world();
    for (const n of [1, 2, 3]) await connect(w, ada(n));
    await expect(connect(w, ada(1, 'Grace'))).resolves.toMatchObject({
      connection: { connectionId: 'c-Grace-1' },
    });
  });

  it('frees the slots of sockets whose time is up (dropped without $disconnect) once the limit is reached', async () => {
    const w = world();
    w.socketSlots.hold('sockets#guest#Ada', 3, T0 / 1000);
    await connect(w, ada(4));
    expect([...(w.socketSlots.slots.get('sockets#guest#Ada')?.keys() ?? [])]).toEqual(['c-Ada-4']);
  });

  it('records the identity’s slots key with the connection, so deleting the record can free its slot', async () => {
    const w = world();
    const calls: unknown[][] = [];
    const put = w.connections.putConnection.bind(w.connections);
    w.connections.putConnection = async (...args) => {
      calls.push(args);
      return put(...args);
    };
    await connect(w, ada(1));
    expect(calls[0]?.[2]).toBe('sockets#guest#Ada');
  });

  it('gives the slot back when the connection cannot be recorded', async () => {
    const w = world();
    w.connections.putConnection = async () => {
      throw new Error('table down');
    };
    await expect(connect(w, ada(1))).rejects.toThrow('table down');
    expect(w.socketSlots.released).toEqual(['c-Ada-1']);
    expect(w.socketSlots.slots.get('sockets#guest#Ada')?.size).toBe(0);
  });

  it('takes no slot for an unknown room', async () => {
    const w = world();
    await expect(connect(w, { ...ada(1), roomId: 'nowhere' })).rejects.toMatchObject({
      code: 'room_not_found',
    });
    expect(w.socketSlots.slots.size).toBe(0);
  });
});

describe('disconnect', () => {
  it('deletes the connection and posts nothing: the stream tells the room', async () => {
    const w = world();
    await disconnect(w, 'c-cy');
    expect(w.connections.items.has('c-cy')).toBe(false);
    expect(w.sockets.posts).toEqual([]);
  });

  it('does nothing for an unknown connection', async () => {
    const w = world();
    await disconnect(w, 'c-unknown');
    expect(w.sockets.posts).toEqual([]);
  });
});

describe('joinRoom', () => {
  it('moves the connection and sends the mover the new room’s members with the count, itself included', async () => {
    const w = world();
    const moved = await joinRoom(w, { connectionId: 'c-cy', name: 'Cy', roomId: 'music' });
    expect(moved.roomId).toBe('music');
    // The stream has not added the mover yet: it is counted in directly. The rooms hear of it from the stream.
    expect(w.sockets.framesTo('c-cy')).toEqual([
      { type: 'presence', roomId: 'music', members: ['Cy', 'Dee'], count: 2 },
    ]);
    expect(w.sockets.recipients()).toEqual(['c-cy']);
  });

  it('caps the mover’s snapshot at snapshotNames, counting the whole room', async () => {
    const w = world();
    for (const name of ['Al', 'Bea', 'Cal', 'Dot']) w.members.add('music', name, [`c-${name}`]);
    await joinRoom({ ...w, snapshotNames: 3 }, { connectionId: 'c-cy', name: 'Cy', roomId: 'music' });
    expect(w.sockets.framesTo('c-cy')).toEqual([
      { type: 'presence', roomId: 'music', members: ['Al', 'Bea', 'Cal'], count: 6 },
    ]);
  });

  it('publishes MemberJoined for the new room when the room changes', async () => {
    const w = world();
    await joinRoom(w, { connectionId: 'c-cy', name: 'Cy', roomId: 'music' });
    expect(w.bus.events).toEqual([
      { detailType: MEMBER_JOINED, detail: { roomId: 'music', name: 'Cy', visibility: 'public' } },
    ]);
  });

  it('publishes nothing when joining the room it is in, and counts the mover once', async () => {
    const w = world();
    await joinRoom(w, { connectionId: 'c-cy', name: 'Cy', roomId: 'general' });
    expect(w.bus.events).toEqual([]);
    expect(w.sockets.framesTo('c-cy')).toEqual([
      { type: 'presence', roomId: 'general', members: ['Bob', 'Cy'], count: 2 },
    ]);
  });

  it('refuses an unknown room with room_not_found and leaves the connection where it was', async () => {
    const w = world();
    await expect(joinRoom(w, { connectionId: 'c-cy', name: 'Cy', roomId: 'nowhere' })).rejects.toMatchObject({
      code: 'room_not_found',
    });
    expect(w.connections.items.get('c-cy')?.connection.roomId).toBe('general');
  });

  it('counts every join of a socket, keyed by the socket', async () => {
    const w = world();
    await joinRoom(w, { connectionId: 'c-bob', name: 'Bob', roomId: 'music' });
    expect(w.rateLimiter.calls).toEqual([{ key: 'join#c-bob', nowMs: T0 }]);
  });

  it('refuses a join past the limit with rate_limited before touching the table or anyone', async () => {
    const w = world();
    w.rateLimiter.allow = false;
    await expect(joinRoom(w, { connectionId: 'c-bob', name: 'Bob', roomId: 'music' })).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
    });
    expect(w.connections.items.get('c-bob')?.connection.roomId).toBe('general');
    expect(w.log).toEqual(['rateLimiter.tryTake join#c-bob']);
    expect(w.sockets.posts).toEqual([]);
    expect(w.bus.events).toEqual([]);
  });

  it('refuses a connection that is not registered with not_found', async () => {
    const w = world();
    await expect(
      joinRoom(w, { connectionId: 'c-ghost', name: 'Ghost', roomId: 'music' }),
    ).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
    expect(w.bus.events).toEqual([]);
  });
});
