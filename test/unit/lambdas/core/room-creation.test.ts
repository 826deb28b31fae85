import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../../lambdas/core/errors';
import type { Identity } from '../../../../lambdas/core/identity';
import { createRoomWithinLimit } from '../../../../lambdas/core/room-creation';
import { MemoryRoomAccess } from './access-fakes';
import { FakeRateLimiter, MemoryRoomStore, room, T0 } from './fakes';

const ada: Identity = { kind: 'guest', id: 'Ada' };

function world(rooms = [room('music', 'Music')]) {
  const log: string[] = [];
  const guest = new FakeRateLimiter(log);
  const account = new FakeRateLimiter(log);
  const store = new MemoryRoomStore(rooms, log);
  const deps = {
    rooms: store,
    access: new MemoryRoomAccess(store),
    roomsPerHour: { guest: { limiter: guest, count: 3 }, account: { limiter: account, count: 10 } },
  };
  return { deps, guest, account, log };
}

async function refusal(promise: Promise<unknown>): Promise<ChatError> {
  const err = await promise.catch((e: unknown) => e);
  if (!(err instanceof ChatError)) throw new Error(`expected a ChatError, got ${String(err)}`);
  return err;
}

describe('createRoomWithinLimit', () => {
  it('creates the room under the limit, taking one of the creator’s allowance keyed by kind and id', async () => {
    const { deps, guest } = world();
    const created = await createRoomWithinLimit(deps, ' Book Club ', ada, T0);
    expect(created).toEqual({
      roomId: 'book-club',
      name: 'Book Club',
      createdAt: new Date(T0).toISOString(),
      createdBy: 'Ada',
      visibility: 'public',
      kind: 'room',
    });
    expect(guest.calls).toEqual([{ key: 'rooms#guest#Ada', nowMs: T0 }]);
    expect(deps.rooms.rooms.has('book-club')).toBe(true);
  });

  it('refuses past the limit with rate_limited (429) naming the limit, and creates nothing', async () => {
    const { deps, guest } = world();
    guest.allow = false;
    const err = await refusal(createRoomWithinLimit(deps, 'Book Club', ada, T0));
    expect(err.code).toBe('rate_limited');
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/3 rooms an hour/);
    expect(deps.rooms.rooms.has('book-club')).toBe(false);
  });

  it('uses the account allowance for an account', async () => {
    const { deps, guest, account } = world();
    guest.allow = false;
    await createRoomWithinLimit(deps, 'Book Club', { kind: 'account', id: 'acct-1' }, T0);
    expect(account.calls.map((c) => c.key)).toEqual(['rooms#account#acct-1']);
    expect(guest.calls).toEqual([]);
  });

  it.each(['Music', 'lobby'])(
    'refuses a taken name (%s) with room_exists before touching the allowance',
    async (name) => {
      const { deps, guest } = world();
      const err = await refusal(createRoomWithinLimit(deps, name, ada, T0));
      expect(err.code).toBe('room_exists');
      expect(guest.calls).toEqual([]);
    },
  );

  it('refuses an invalid name with invalid_room before touching the allowance', async () => {
    const { deps, guest } = world();
    expect((await refusal(createRoomWithinLimit(deps, '!!!', ada, T0))).code).toBe('invalid_room');
    expect(guest.calls).toEqual([]);
  });

  it('still answers room_exists when the room is created between the check and the write', async () => {
    const { deps } = world();
    const racing = new MemoryRoomStore();
    racing.getRoom = async () => undefined;
    racing.rooms.set('music', room('music', 'Music'));
    const err = await refusal(createRoomWithinLimit({ ...deps, rooms: racing }, 'Music', ada, T0));
    expect(err.code).toBe('room_exists');
  });

  it('makes an account the owner of its room: the room and the owner’s role in one write', async () => {
    const { deps } = world();
    const created = await createRoomWithinLimit(
      deps,
      'Book Club',
      { kind: 'account', id: 'Ada' },
      T0,
      'private',
    );
    expect(created).toMatchObject({ roomId: 'book-club', visibility: 'private', kind: 'room', owner: 'Ada' });
    expect(deps.access.calls).toEqual(['createRoomWithRoles book-club']);
    expect(deps.access.roles.get('book-club/ada')).toMatchObject({
      role: 'owner',
      visibility: 'private',
      roomCreatedAt: new Date(T0).toISOString(),
    });
  });

  it('refuses a private room to a guest with 403 forbidden, before touching the allowance', async () => {
    const { deps, guest } = world();
    const err = await refusal(createRoomWithinLimit(deps, 'Book Club', ada, T0, 'private'));
    expect([err.code, err.status]).toEqual(['forbidden', 403]);
    expect(err.message).toMatch(/accounts/);
    expect(guest.calls).toEqual([]);
  });

  it('refuses a visibility other than public or private with invalid_request, and a name making a dm- id', async () => {
    const { deps } = world();
    const acct = { kind: 'account' as const, id: 'Ada' };
    expect((await refusal(createRoomWithinLimit(deps, 'Club', acct, T0, 'secret'))).code).toBe(
      'invalid_request',
    );
    expect((await refusal(createRoomWithinLimit(deps, 'DM abc', acct, T0))).code).toBe('invalid_room');
  });
});
