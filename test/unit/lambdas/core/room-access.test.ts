import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../../lambdas/core/errors';
import { postMessage } from '../../../../lambdas/core/messages';
import {
  parseAdmins,
  requireEntry,
  requireModerator,
  requireVisibleRoom,
  sanctionRefusal,
} from '../../../../lambdas/core/room-access';
import type { Room } from '../../../../lambdas/core/types';
import { GuardedMessageStore, MemoryRoomAccess } from './access-fakes';
import { fakeWorld, MemoryRoomStore, T0 } from './fakes';

const NOW_S = Math.floor(T0 / 1000);
const created = '2024-04-01T00:00:00.000Z';
const privateRoom: Room = {
  roomId: 'club',
  name: 'Club',
  createdAt: created,
  createdBy: 'ada',
  visibility: 'private',
  kind: 'room',
  owner: 'ada',
};
const publicRoom: Room = { ...privateRoom, roomId: 'town', name: 'Town', visibility: 'public' };
const ada = { name: 'ada', kind: 'account' as const };
const bob = { name: 'bob', kind: 'account' as const };
const gus = { name: 'Gus', kind: 'guest' as const };

function world() {
  const rooms = new MemoryRoomStore([privateRoom, publicRoom]);
  const access = new MemoryRoomAccess(rooms);
  const role = (roomId: string, name: string, r: 'owner' | 'moderator' | 'member', roomCreatedAt = created) =>
    access.roles.set(`${roomId}/${name.toLowerCase()}`, {
      key: name.toLowerCase(),
      name,
      role: r,
      addedBy: 'ada',
      addedAt: created,
      roomCreatedAt,
      kind: 'room',
      visibility: roomId === 'club' ? 'private' : 'public',
    });
  role('club', 'ada', 'owner');
  role('town', 'ada', 'owner');
  return {
    rooms,
    access,
    role,
    deps: { rooms, access, admins: parseAdmins('root, Boss '), adminNames: ['root', 'Boss'] },
  };
}

async function refusal(promise: Promise<unknown>): Promise<ChatError> {
  const err = await promise.catch((e: unknown) => e);
  if (!(err instanceof ChatError)) throw new Error(`expected a ChatError, got ${String(err)}`);
  return err;
}

describe('parseAdmins', () => {
  it('keeps each name’s skeleton, so a look-alike of an admin’s name is an admin’s name', () => {
    expect([...parseAdmins(' root ,Boss,, Ma1lory')]).toEqual(['root', 'boss', 'rnallory']);
  });
});

describe('requireVisibleRoom', () => {
  it('shows a public room to anyone, without reading a role', async () => {
    const w = world();
    expect((await requireVisibleRoom(w.deps, 'town', undefined)).room.roomId).toBe('town');
    expect(w.access.calls).toEqual([]);
  });

  it('shows a private room to its members with their role, and answers anyone else as if it did not exist', async () => {
    const w = world();
    expect(await requireVisibleRoom(w.deps, 'club', ada)).toMatchObject({ role: 'owner' });
    for (const viewer of [bob, gus, undefined]) {
      const err = await refusal(requireVisibleRoom(w.deps, 'club', viewer));
      expect([err.code, err.status, err.message]).toEqual(['room_not_found', 404, 'There is no room "club"']);
    }
    expect((await refusal(requireVisibleRoom(w.deps, 'nowhere', ada))).message).toBe(
      'There is no room "nowhere"',
    );
  });

  it('ignores a role left from an earlier room of the same id (made before it expired)', async () => {
    const w = world();
    w.role('club', 'bob', 'member', '2023-01-01T00:00:00.000Z');
    expect((await refusal(requireVisibleRoom(w.deps, 'club', bob))).code).toBe('room_not_found');
  });

  it('gives a guest no role, even under an account’s name', async () => {
    const w = world();
    expect((await refusal(requireVisibleRoom(w.deps, 'club', { name: 'ada', kind: 'guest' }))).code).toBe(
      'room_not_found',
    );
  });
});

describe('requireModerator', () => {
  it('lets the owner, moderators and (in public rooms) admins moderate; others get 403', async () => {
    const w = world();
    w.role('town', 'bob', 'moderator');
    expect((await requireModerator(w.deps, 'town', ada)).role).toBe('owner');
    expect((await requireModerator(w.deps, 'town', bob)).role).toBe('moderator');
    expect((await requireModerator(w.deps, 'town', { name: 'ROOT', kind: 'account' })).room.roomId).toBe(
      'town',
    );
    expect((await requireModerator(w.deps, 'lobby', { name: 'boss', kind: 'account' })).room.roomId).toBe(
      'lobby',
    );
    const carol = await refusal(requireModerator(w.deps, 'town', { name: 'carol', kind: 'account' }));
    expect([carol.code, carol.status]).toEqual(['forbidden', 403]);
    // A guest named like an admin is no admin.
    expect((await refusal(requireModerator(w.deps, 'town', { name: 'root', kind: 'guest' }))).code).toBe(
      'forbidden',
    );
  });

  it('does not let an admin into a private room: 404, as for anyone else', async () => {
    const w = world();
    expect((await refusal(requireModerator(w.deps, 'club', { name: 'root', kind: 'account' }))).code).toBe(
      'room_not_found',
    );
  });
});

describe('requireEntry', () => {
  it('keeps a removed person out with 403 removed and until, but lets them into the lobby', async () => {
    const w = world();
    w.access.sanctions.set('town/gus', { name: 'Gus', removeUntil: NOW_S + 600, reason: 'spam' });
    const err = await refusal(requireEntry(w.deps, 'town', gus, T0));
    expect([err.code, err.status, err.until]).toEqual([
      'removed',
      403,
      new Date((NOW_S + 600) * 1000).toISOString(),
    ]);
    expect(err.message).toMatch(/spam/);
    expect((await requireEntry(w.deps, 'lobby', gus, T0)).roomId).toBe('lobby');
  });

  it('lets them in once the removal has run out, and a muted person in at any time', async () => {
    const w = world();
    w.access.sanctions.set('town/gus', { name: 'Gus', removeUntil: NOW_S, muteUntil: NOW_S + 600 });
    expect((await requireEntry(w.deps, 'town', gus, T0)).roomId).toBe('town');
  });
});

describe('sanctionRefusal', () => {
  it('says removed first, then muted, only while in force', () => {
    expect(sanctionRefusal(undefined, NOW_S, 'post')).toBeUndefined();
    expect(sanctionRefusal({ name: 'G', muteUntil: NOW_S + 1 }, NOW_S, 'post')?.code).toBe('muted');
    expect(sanctionRefusal({ name: 'G', muteUntil: NOW_S + 1 }, NOW_S, 'enter')).toBeUndefined();
    expect(
      sanctionRefusal({ name: 'G', muteUntil: NOW_S + 1, removeUntil: NOW_S + 1 }, NOW_S, 'post')?.code,
    ).toBe('removed');
    expect(sanctionRefusal({ name: 'G', muteUntil: NOW_S }, NOW_S, 'post')).toBeUndefined();
  });
});

describe('postMessage with a guard', () => {
  function posting(rooms: Room[] = [privateRoom, publicRoom]) {
    const w = fakeWorld({ rooms });
    const access = new MemoryRoomAccess(w.rooms);
    const messages = new GuardedMessageStore(access);
    return { w, access, messages, deps: { ...w, messages, access, messageTtlSeconds: 3600 } };
  }

  it('stores a public room’s message with the sanction check on the write, and reads nothing more', async () => {
    const p = posting();
    await postMessage(p.deps, { roomId: 'town', sender: 'Gus', senderType: 'guest', text: 'hi' });
    expect(p.messages.guards).toEqual([{ roomId: 'town', who: 'gus', nowSeconds: NOW_S }]);
    expect(p.access.calls).toEqual([]);
    expect(p.w.bus.events[0]?.detail).toMatchObject({ visibility: 'public' });
  });

  it('refuses a muted sender with 403 muted and until, storing and sending nothing', async () => {
    const p = posting();
    p.access.sanctions.set('town/gus', { name: 'Gus', muteUntil: NOW_S + 60 });
    const err = await refusal(
      postMessage(p.deps, { roomId: 'town', sender: 'Gus', senderType: 'guest', text: 'hi' }),
    );
    expect([err.code, err.status, err.until]).toEqual([
      'muted',
      403,
      new Date((NOW_S + 60) * 1000).toISOString(),
    ]);
    expect(p.messages.stored).toEqual([]);
    expect(p.w.sockets.posts).toEqual([]);
    expect(p.w.bus.events).toEqual([]);
  });

  it('checks a private room’s membership on the write: a member posts, a non-member gets 404', async () => {
    const p = posting();
    p.access.roles.set('club/ada', {
      key: 'ada',
      name: 'ada',
      role: 'owner',
      addedBy: 'ada',
      addedAt: created,
      roomCreatedAt: created,
      kind: 'room',
      visibility: 'private',
    });
    const { message } = await postMessage(p.deps, {
      roomId: 'club',
      sender: 'ada',
      senderType: 'user',
      text: 'hi',
    });
    expect(p.messages.guards[0]).toEqual({
      roomId: 'club',
      who: 'ada',
      nowSeconds: NOW_S,
      memberOf: { roomCreatedAt: created },
    });
    expect(p.w.bus.events[0]?.detail).toEqual({ ...message, visibility: 'private' });
    const err = await refusal(
      postMessage(p.deps, { roomId: 'club', sender: 'bob', senderType: 'user', text: 'hi' }),
    );
    expect([err.code, err.status]).toEqual(['room_not_found', 404]);
  });

  it('answers a guest in a private room 404 before writing anything', async () => {
    const p = posting();
    const err = await refusal(
      postMessage(p.deps, { roomId: 'club', sender: 'Gus', senderType: 'guest', text: 'hi' }),
    );
    expect(err.code).toBe('room_not_found');
    expect(p.messages.guards).toEqual([]);
  });

  it('lets the bot (no guard) post in a private room', async () => {
    const p = posting();
    const { access: _access, ...bot } = p.deps;
    await postMessage(bot, { roomId: 'club', sender: 'Pyro', senderType: 'bot', text: 'hello' });
    expect(p.messages.guards).toEqual([undefined]);
  });
});
