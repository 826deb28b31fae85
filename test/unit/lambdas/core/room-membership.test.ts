import { describe, expect, it } from 'vitest';
import { ChatError } from '../../../../lambdas/core/errors';
import { liftSanction, mutePerson, removePerson } from '../../../../lambdas/core/moderation';
import { moderationLog } from '../../../../lambdas/core/moderation-log';
import { parseAdmins } from '../../../../lambdas/core/room-access';
import { createRoomWithinLimit } from '../../../../lambdas/core/room-creation';
import {
  deleteMember,
  dmRoomId,
  listRoles,
  openDm,
  privateRoomsFor,
  putMember,
} from '../../../../lambdas/core/room-membership';
import { MemoryRoomAccess } from './access-fakes';
import { FakeRateLimiter, fakeWorld, T0 } from './fakes';

const NOW_S = Math.floor(T0 / 1000);
const acct = (name: string) => ({ name, kind: 'account' as const });
const ada = acct('ada');
const bob = acct('bob');
const carol = acct('carol');

async function world() {
  const w = fakeWorld({ rooms: [] });
  const access = new MemoryRoomAccess(w.rooms).addAccount('ada', 'bob', 'carol', 'dave', 'root');
  const deps = { ...w, access, admins: parseAdmins('root'), adminNames: ['root'] };
  const quota = { limiter: new FakeRateLimiter(), count: 10 };
  const make = (name: string, visibility: string) =>
    createRoomWithinLimit(
      { ...deps, roomsPerHour: { guest: quota, account: quota } },
      name,
      { kind: 'account', id: 'ada' },
      T0,
      visibility,
    );
  await make('Club', 'private');
  await make('Town', 'public');
  return { ...w, access, deps };
}

async function refusal(promise: Promise<unknown>): Promise<ChatError> {
  const err = await promise.catch((e: unknown) => e);
  if (!(err instanceof ChatError)) throw new Error(`expected a ChatError, got ${String(err)}`);
  return err;
}

describe('putMember', () => {
  it('adds an account to a private room as member by default, recording it in the log', async () => {
    const w = await world();
    expect(await putMember(w.deps, { roomId: 'club', name: 'Bob', role: undefined, actor: ada }, T0)).toEqual(
      {
        name: 'bob',
        role: 'member',
        addedBy: 'ada',
        addedAt: new Date(T0).toISOString(),
      },
    );
    expect(w.access.log.map((l) => l.entry)).toEqual([
      { at: new Date(T0).toISOString(), actor: 'ada', action: 'addMember', target: 'bob', role: 'member' },
    ]);
    expect(w.access.log[0]?.expiresAt).toBe(NOW_S + 30 * 24 * 3600);
  });

  it('refuses a name no account has (a guest’s), a member making members, and a moderator making moderators', async () => {
    const w = await world();
    expect(
      (await refusal(putMember(w.deps, { roomId: 'club', name: 'Gus', role: undefined, actor: ada }, T0)))
        .code,
    ).toBe('account_not_found');
    await putMember(w.deps, { roomId: 'club', name: 'bob', role: undefined, actor: ada }, T0);
    expect(
      (await refusal(putMember(w.deps, { roomId: 'club', name: 'carol', role: undefined, actor: bob }, T0)))
        .code,
    ).toBe('forbidden');
    await putMember(w.deps, { roomId: 'club', name: 'bob', role: 'moderator', actor: ada }, T0);
    await putMember(w.deps, { roomId: 'club', name: 'carol', role: 'member', actor: bob }, T0);
    expect(
      (await refusal(putMember(w.deps, { roomId: 'club', name: 'carol', role: 'moderator', actor: bob }, T0)))
        .code,
    ).toBe('forbidden');
    expect(
      (await refusal(putMember(w.deps, { roomId: 'club', name: 'ada', role: 'member', actor: ada }, T0)))
        .code,
    ).toBe('invalid_request');
    expect(
      (await refusal(putMember(w.deps, { roomId: 'club', name: 'dave', role: 'owner', actor: ada }, T0)))
        .code,
    ).toBe('invalid_request');
  });

  it('makes moderators in a public room (the owner or an admin), where "member" means nothing', async () => {
    const w = await world();
    expect(
      (await putMember(w.deps, { roomId: 'town', name: 'bob', role: undefined, actor: ada }, T0)).role,
    ).toBe('moderator');
    expect(
      (await putMember(w.deps, { roomId: 'town', name: 'carol', role: 'moderator', actor: acct('root') }, T0))
        .role,
    ).toBe('moderator');
    expect(
      (await refusal(putMember(w.deps, { roomId: 'town', name: 'dave', role: 'member', actor: ada }, T0)))
        .code,
    ).toBe('invalid_request');
  });
});

describe('deleteMember', () => {
  it('lets a member leave, records it, and tells their sockets in the room before moving them to the lobby', async () => {
    const w = await world();
    await putMember(w.deps, { roomId: 'club', name: 'bob', role: undefined, actor: ada }, T0);
    w.connections.add('c-bob', 'club', 'bob');
    w.connections.add('c-bob-lobby', 'lobby', 'bob');
    await deleteMember(w.deps, { roomId: 'club', name: 'bob', actor: bob }, T0);
    expect(w.access.roles.has('club/bob')).toBe(false);
    expect(w.sockets.framesTo('c-bob')).toEqual([{ type: 'removed', roomId: 'club', reason: 'left' }]);
    expect((await w.connections.getConnection('c-bob'))?.roomId).toBe('lobby');
    expect(w.sockets.framesTo('c-bob-lobby')).toEqual([]);
    expect(w.access.log.at(-1)?.entry).toMatchObject({ actor: 'bob', action: 'leave' });
  });

  it('refuses the owner leaving, and a moderator taking another moderator’s role', async () => {
    const w = await world();
    expect(
      (await refusal(deleteMember(w.deps, { roomId: 'club', name: 'ada', actor: ada }, T0))).message,
    ).toMatch(/owner cannot leave/);
    await putMember(w.deps, { roomId: 'club', name: 'bob', role: 'moderator', actor: ada }, T0);
    await putMember(w.deps, { roomId: 'club', name: 'carol', role: 'moderator', actor: ada }, T0);
    expect(
      (await refusal(deleteMember(w.deps, { roomId: 'club', name: 'carol', actor: bob }, T0))).code,
    ).toBe('forbidden');
    await deleteMember(w.deps, { roomId: 'club', name: 'carol', actor: ada }, T0);
    expect(w.access.roles.has('club/carol')).toBe(false);
  });
});

describe('listRoles', () => {
  it('lists the roles by name with the admins where they moderate, and pages with next', async () => {
    const w = await world();
    await putMember(w.deps, { roomId: 'town', name: 'bob', role: undefined, actor: ada }, T0);
    const page = await listRoles(w.deps, { roomId: 'town', query: { limit: '1' }, viewer: undefined });
    expect(page).toMatchObject({
      roomId: 'town',
      visibility: 'public',
      admins: ['root'],
      people: [{ name: 'ada', role: 'owner' }],
    });
    const rest = await listRoles(w.deps, {
      roomId: 'town',
      query: { next: page.next ?? '' },
      viewer: undefined,
    });
    expect(rest).toMatchObject({ people: [{ name: 'bob', role: 'moderator' }], next: null });
    expect((await listRoles(w.deps, { roomId: 'club', query: {}, viewer: ada })).admins).toEqual([]);
    expect(
      (await refusal(listRoles(w.deps, { roomId: 'town', query: { next: 'bogus' }, viewer: undefined })))
        .code,
    ).toBe('invalid_cursor');
  });
});

describe('openDm', () => {
  it('opens one room for the two, whose id follows from their names, and returns it to either after', async () => {
    const w = await world();
    const first = await openDm(w.deps, { name: 'Bob', actor: ada }, T0);
    expect(first).toMatchObject({
      created: true,
      room: { roomId: dmRoomId('ada', 'bob'), kind: 'dm', dmWith: 'bob' },
    });
    expect(dmRoomId('bob', 'ada')).toBe(first.room.roomId);
    const again = await openDm(w.deps, { name: 'ada', actor: bob }, T0 + 1000);
    expect(again).toMatchObject({ created: false, room: { roomId: first.room.roomId, dmWith: 'ada' } });
    expect(w.access.calls.filter((c) => c.startsWith('createRoomWithRoles dm-'))).toHaveLength(1);
    expect((await privateRoomsFor(w.deps, bob, T0)).map((r) => [r.roomId, r.dmWith])).toEqual([
      [first.room.roomId, 'ada'],
    ]);
  });

  it('refuses guests, unknown names and yourself', async () => {
    const w = await world();
    expect(
      (await refusal(openDm(w.deps, { name: 'bob', actor: { name: 'Gus', kind: 'guest' } }, T0))).code,
    ).toBe('forbidden');
    expect((await refusal(openDm(w.deps, { name: 'nobody', actor: ada }, T0))).code).toBe(
      'account_not_found',
    );
    expect((await refusal(openDm(w.deps, { name: 'ADA', actor: ada }, T0))).code).toBe('invalid_request');
  });
});

describe('privateRoomsFor', () => {
  it('lists a person’s live private rooms by name, leaving out one made again under the same id', async () => {
    const w = await world();
    await putMember(w.deps, { roomId: 'club', name: 'carol', role: undefined, actor: ada }, T0);
    expect((await privateRoomsFor(w.deps, carol, T0)).map((r) => [r.roomId, r.role])).toEqual([
      ['club', 'member'],
    ]);
    const stale = w.access.roles.get('club/carol');
    if (stale) w.access.roles.set('club/carol', { ...stale, roomCreatedAt: '2000-01-01T00:00:00.000Z' });
    expect(await privateRoomsFor(w.deps, carol, T0)).toEqual([]);
    expect(await privateRoomsFor(w.deps, { name: 'carol', kind: 'guest' }, T0)).toEqual([]);
  });
});

describe('moderation', () => {
  it('removes a person from a public room for the minutes chosen, telling and moving their sockets', async () => {
    const w = await world();
    w.connections.add('c-gus', 'town', 'Gus');
    const sanction = await removePerson(
      w.deps,
      { roomId: 'town', body: { name: 'Gus', minutes: 5, reason: 'spam' }, actor: ada },
      T0,
    );
    const until = new Date((NOW_S + 300) * 1000).toISOString();
    expect(sanction).toEqual({ roomId: 'town', name: 'Gus', kind: 'removal', until, reason: 'spam' });
    expect(w.access.sanctions.get('town/gus')).toMatchObject({ removeUntil: NOW_S + 300 });
    expect(w.sockets.framesTo('c-gus')).toEqual([{ type: 'removed', roomId: 'town', reason: 'spam', until }]);
    expect((await w.connections.getConnection('c-gus'))?.roomId).toBe('lobby');
    await liftSanction(w.deps, { roomId: 'town', name: 'Gus', kind: 'removal', actor: ada }, T0);
    expect(w.access.sanctions.get('town/gus')?.removeUntil).toBe(0);
  });

  it('ends a private room’s membership instead of holding a removal', async () => {
    const w = await world();
    await putMember(w.deps, { roomId: 'club', name: 'bob', role: undefined, actor: ada }, T0);
    const sanction = await removePerson(w.deps, { roomId: 'club', body: { name: 'bob' }, actor: ada }, T0);
    expect(sanction).toEqual({ roomId: 'club', name: 'bob', kind: 'removal' });
    expect(w.access.roles.has('club/bob')).toBe(false);
    expect(w.access.sanctions.size).toBe(0);
  });

  it('mutes for the default ten minutes, refuses the owner, yourself and a moderator unless the owner acts', async () => {
    const w = await world();
    expect((await mutePerson(w.deps, { roomId: 'town', body: { name: 'Gus' }, actor: ada }, T0)).until).toBe(
      new Date((NOW_S + 600) * 1000).toISOString(),
    );
    await putMember(w.deps, { roomId: 'town', name: 'bob', role: undefined, actor: ada }, T0);
    await putMember(w.deps, { roomId: 'town', name: 'carol', role: undefined, actor: ada }, T0);
    expect(
      (await refusal(mutePerson(w.deps, { roomId: 'town', body: { name: 'ada' }, actor: bob }, T0))).code,
    ).toBe('forbidden');
    expect(
      (await refusal(mutePerson(w.deps, { roomId: 'town', body: { name: 'carol' }, actor: bob }, T0))).code,
    ).toBe('forbidden');
    expect(
      (await refusal(mutePerson(w.deps, { roomId: 'town', body: { name: 'root' }, actor: bob }, T0))).code,
    ).toBe('forbidden');
    expect(
      (await refusal(mutePerson(w.deps, { roomId: 'town', body: { name: 'bob' }, actor: bob }, T0))).code,
    ).toBe('invalid_request');
    await mutePerson(w.deps, { roomId: 'town', body: { name: 'carol', minutes: 1 }, actor: ada }, T0);
    expect(
      (
        await refusal(
          mutePerson(w.deps, { roomId: 'town', body: { name: 'Gus', minutes: 10081 }, actor: ada }, T0),
        )
      ).code,
    ).toBe('invalid_request');
  });

  it('keeps the log for moderators only, newest first', async () => {
    const w = await world();
    await mutePerson(w.deps, { roomId: 'town', body: { name: 'Gus' }, actor: ada }, T0);
    await liftSanction(w.deps, { roomId: 'town', name: 'Gus', kind: 'mute', actor: ada }, T0 + 1000);
    const log = await moderationLog(w.deps, { roomId: 'town', query: {}, viewer: ada }, T0 + 2000);
    expect(log.entries.map((e) => e.action)).toEqual(['unmute', 'mute']);
    expect((await refusal(moderationLog(w.deps, { roomId: 'town', query: {}, viewer: bob }, T0))).code).toBe(
      'forbidden',
    );
  });
});
