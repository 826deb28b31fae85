import { describe, expect, it } from 'vitest';
import {
  CONNECTION_TTL_SECONDS,
  connect,
  disconnect,
  joinRoom,
  MEMBER_JOINED,
  roomMembers,
  typing,
} from '../../../../lambdas/core/presence';
import { fakeWorld, room, T0 } from './fakes';

function world() {
  const w = fakeWorld({ rooms: [room('general'), room('music')] });
  w.connections.add('c-bob', 'general', 'Bob');
  w.connections.add('c-cy', 'general', 'Cy');
  w.connections.add('c-dee', 'music', 'Dee');
  return w;
}

describe('roomMembers', () => {
  it('lists the names connected to a room, sorted, each once, across pages', async () => {
    const w = world();
    w.connections.add('c-bob-2', 'general', 'Bob');
    w.connections.add('c-al', 'general', 'al');
    w.connections.add('c-old', 'general', 'Gone', T0 / 1000);
    expect(await roomMembers(w.connections, 'general', T0)).toEqual(['al', 'Bob', 'Cy']);
  });
});

describe('connect', () => {
  it('records the connection in its room with a 3-hour TTL', async () => {
    const w = world();
    const { connection } = await connect(w, { connectionId: 'c-ada', name: 'Ada', roomId: 'general' });
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

  it('sends presence, with the newcomer, to the others in the room but never to the connecting socket', async () => {
    const w = world();
    await connect(w, { connectionId: 'c-ada', name: 'Ada', roomId: 'general' });
    expect(w.sockets.recipients()).toEqual(['c-bob', 'c-cy']);
    expect(w.sockets.framesTo('c-bob')).toEqual([
      { type: 'presence', roomId: 'general', members: ['Ada', 'Bob', 'Cy'] },
    ]);
    expect(w.connections.deleted).toEqual([]);
  });

  it('publishes MemberJoined', async () => {
    const w = world();
    await connect(w, { connectionId: 'c-ada', name: 'Ada', roomId: 'general' });
    expect(w.bus.events).toEqual([{ detailType: MEMBER_JOINED, detail: { roomId: 'general', name: 'Ada' } }]);
  });

  it('keeps the connection when telling the others fails, returning the error instead of refusing the socket', async () => {
    const w = world();
    const failure = new Error('PutEvents refused');
    w.bus.failure = failure;
    const { connection, announceError } = await connect(w, {
      connectionId: 'c-ada',
      name: 'Ada',
      roomId: 'general',
    });
    expect(announceError).toBe(failure);
    expect(connection.roomId).toBe('general');
    expect(w.connections.items.has('c-ada')).toBe(true);
  });

  it('puts a socket without a roomId in the lobby', async () => {
    const w = world();
    const { connection } = await connect(w, { connectionId: 'c-ada', name: 'Ada', roomId: undefined });
    expect(connection.roomId).toBe('lobby');
  });

  it('refuses an unknown room with room_not_found and records nothing', async () => {
    const w = world();
    await expect(connect(w, { connectionId: 'c-ada', name: 'Ada', roomId: 'nowhere' })).rejects.toMatchObject(
      {
        code: 'room_not_found',
        status: 404,
      },
    );
    expect(w.connections.items.has('c-ada')).toBe(false);
    expect(w.bus.events).toEqual([]);
  });
});

describe('disconnect', () => {
  it('deletes the connection and announces the remaining members to its old room', async () => {
    const w = world();
    await disconnect(w, 'c-cy');
    expect(w.connections.items.has('c-cy')).toBe(false);
    expect(w.sockets.recipients()).toEqual(['c-bob']);
    expect(w.sockets.framesTo('c-bob')).toEqual([{ type: 'presence', roomId: 'general', members: ['Bob'] }]);
  });

  it('announces nothing for an unknown connection', async () => {
    const w = world();
    await disconnect(w, 'c-unknown');
    expect(w.sockets.posts).toEqual([]);
  });
});

describe('joinRoom', () => {
  it('moves the connection and announces presence to the old and the new room', async () => {
    const w = world();
    const moved = await joinRoom(w, { connectionId: 'c-cy', name: 'Cy', roomId: 'music' });

    expect(moved.roomId).toBe('music');
    expect(w.sockets.framesTo('c-bob')).toEqual([{ type: 'presence', roomId: 'general', members: ['Bob'] }]);
    // The mover is in the new room now, so it receives the new room's members too.
    expect(w.sockets.framesTo('c-cy')).toEqual([
      { type: 'presence', roomId: 'music', members: ['Cy', 'Dee'] },
    ]);
    expect(w.sockets.framesTo('c-dee')).toEqual([
      { type: 'presence', roomId: 'music', members: ['Cy', 'Dee'] },
    ]);
  });

  it('publishes MemberJoined for the new room when the room changes', async () => {
    const w = world();
    await joinRoom(w, { connectionId: 'c-cy', name: 'Cy', roomId: 'music' });
    expect(w.bus.events).toEqual([{ detailType: MEMBER_JOINED, detail: { roomId: 'music', name: 'Cy' } }]);
  });

  it('publishes nothing and announces only once when joining the room it is in', async () => {
    const w = world();
    await joinRoom(w, { connectionId: 'c-cy', name: 'Cy', roomId: 'general' });
    expect(w.bus.events).toEqual([]);
    expect(w.sockets.framesTo('c-bob')).toEqual([
      { type: 'presence', roomId: 'general', members: ['Bob', 'Cy'] },
    ]);
    expect(w.sockets.framesTo('c-cy')).toHaveLength(1);
  });

  it('refuses an unknown room with room_not_found and leaves the connection where it was', async () => {
    const w = world();
    await expect(joinRoom(w, { connectionId: 'c-cy', name: 'Cy', roomId: 'nowhere' })).rejects.toMatchObject({
      code: 'room_not_found',
    });
    expect(w.connections.items.get('c-cy')?.connection.roomId).toBe('general');
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

describe('typing', () => {
  it('tells the others in the room, not the typist', async () => {
    const w = world();
    await typing(w, { connectionId: 'c-bob', name: 'Bob', roomId: 'general' });
    expect(w.sockets.recipients()).toEqual(['c-cy']);
    expect(w.sockets.framesTo('c-cy')).toEqual([{ type: 'typing', roomId: 'general', name: 'Bob' }]);
  });

  it('refuses an unknown room', async () => {
    const w = world();
    await expect(typing(w, { connectionId: 'c-bob', name: 'Bob', roomId: 'nowhere' })).rejects.toMatchObject({
      code: 'room_not_found',
    });
  });
});

describe('presence while the room index lags behind (a GSI is eventually consistent on AWS)', () => {
  /** Makes the index answer as it did before this request's write. */
  function staleIndex(w: ReturnType<typeof world>, rooms: Record<string, Array<[string, string]>>) {
    w.connections.roomConnections = async function* (roomId: string) {
      yield (rooms[roomId] ?? []).map(([connectionId, name]) => ({
        connectionId,
        roomId,
        name,
        connectedAt: new Date(T0 - 3_600_000).toISOString(),
      }));
    };
  }

  it('counts a newcomer the index does not list yet', async () => {
    const w = world();
    staleIndex(w, { general: [['c-bob', 'Bob']] });
    await connect(w, { connectionId: 'c-ada', name: 'Ada', roomId: 'general' });
    expect(w.sockets.framesTo('c-bob')).toEqual([
      { type: 'presence', roomId: 'general', members: ['Ada', 'Bob'] },
    ]);
  });

  it('leaves out a socket that disconnected though the index still lists it', async () => {
    const w = world();
    staleIndex(w, {
      general: [
        ['c-bob', 'Bob'],
        ['c-cy', 'Cy'],
      ],
    });
    await disconnect(w, 'c-cy');
    expect(w.sockets.framesTo('c-bob')).toEqual([{ type: 'presence', roomId: 'general', members: ['Bob'] }]);
    expect(w.sockets.recipients()).toEqual(['c-bob']);
  });

  it('tells the mover its new room’s members directly, and the old room that it left', async () => {
    const w = world();
    staleIndex(w, {
      general: [
        ['c-bob', 'Bob'],
        ['c-cy', 'Cy'],
      ],
      music: [['c-dee', 'Dee']],
    });
    await joinRoom(w, { connectionId: 'c-cy', name: 'Cy', roomId: 'music' });
    expect(w.sockets.framesTo('c-cy')).toEqual([
      { type: 'presence', roomId: 'music', members: ['Cy', 'Dee'] },
    ]);
    expect(w.sockets.framesTo('c-dee')).toEqual([
      { type: 'presence', roomId: 'music', members: ['Cy', 'Dee'] },
    ]);
    expect(w.sockets.framesTo('c-bob')).toEqual([{ type: 'presence', roomId: 'general', members: ['Bob'] }]);
  });
});
