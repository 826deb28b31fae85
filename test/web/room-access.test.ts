import { describe, expect, it, vi } from 'vitest';
import type { RoomRoles } from '../../lambdas/contract/access';
import type { AccessApi } from '../../web/access-api';
import { ApiError } from '../../web/api';
import { formatTime } from '../../web/format';
import {
  type AccessState,
  accessState,
  moderates,
  RoomAccess,
  type RoomAccessView,
  standingIn,
} from '../../web/room-access';
import { logLine } from '../../web/room-access-view';

const at = '2024-05-01T09:00:00.000Z';
const person = (name: string, role: 'owner' | 'moderator' | 'member') => ({
  name,
  role,
  addedBy: 'Ada',
  addedAt: at,
});
const privateRoles: RoomRoles = {
  roomId: 'book-club',
  visibility: 'private',
  people: [person('Ada', 'owner'), person('Grace', 'moderator'), person('Linus', 'member')],
  admins: [],
  next: null,
};
const publicRoles: RoomRoles = {
  roomId: 'chess',
  visibility: 'public',
  people: [person('Ada', 'owner')],
  admins: ['Root'],
  next: null,
};

describe('standingIn and accessState', () => {
  it('reads the reader’s role; admins stand only where they moderate (public rooms)', () => {
    expect(standingIn(privateRoles, 'Ada')).toBe('owner');
    expect(standingIn(privateRoles, 'Linus')).toBe('member');
    expect(standingIn(publicRoles, 'Root')).toBe('admin');
    expect(standingIn({ ...privateRoles, admins: ['Root'] }, 'Root')).toBeNull();
    expect(standingIn(publicRoles, 'Zed')).toBeNull();
    expect(standingIn(null, 'Ada')).toBeNull();
    expect(standingIn(publicRoles, null)).toBeNull();
    expect(['owner', 'moderator', 'admin', 'member', null].map((s) => moderates(s as never))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('offers each what the roles allow', () => {
    const pick = (s: AccessState) => [s.standing, s.manageMembers, s.makeModerators, s.canLeave];
    expect(pick(accessState('book-club', privateRoles, 'Ada'))).toEqual(['owner', true, true, false]);
    expect(pick(accessState('book-club', privateRoles, 'Grace'))).toEqual(['moderator', true, false, true]);
    expect(pick(accessState('book-club', privateRoles, 'Linus'))).toEqual(['member', false, false, true]);
    expect(pick(accessState('chess', publicRoles, 'Ada'))).toEqual(['owner', false, true, false]);
    expect(pick(accessState('chess', publicRoles, 'Root'))).toEqual(['admin', false, true, false]);
    expect(pick(accessState('chess', publicRoles, 'Zed'))).toEqual([null, false, false, false]);
  });
});

function fakeApi(): { [K in keyof AccessApi]: ReturnType<typeof vi.fn> } & AccessApi {
  return {
    listRoles: vi.fn(async () => privateRoles),
    putMember: vi.fn(async () => person('Grace', 'member')),
    deleteMember: vi.fn(async () => undefined),
    openDm: vi.fn(async () => ({ roomId: 'dm-1', name: 'Ada & Grace' })),
    remove: vi.fn(async () => ({ roomId: 'book-club', name: 'Linus', kind: 'removal' as const })),
    unremove: vi.fn(async () => undefined),
    mute: vi.fn(async () => ({ roomId: 'book-club', name: 'Linus', kind: 'mute' as const, until: at })),
    unmute: vi.fn(async () => undefined),
    moderationLog: vi.fn(async () => ({ roomId: 'book-club', entries: [], next: null })),
  };
}

function setup(me = 'Ada', room = 'book-club') {
  const api = fakeApi();
  const view = {
    show: vi.fn<RoomAccessView['show']>(),
    showProblem: vi.fn<RoomAccessView['showProblem']>(),
    showDone: vi.fn<RoomAccessView['showDone']>(),
    showLog: vi.fn<RoomAccessView['showLog']>(),
  };
  const deps = {
    api: () => api,
    authorized: <T>(call: (token: string) => Promise<T>) => call('tok'),
    token: () => 'tok',
    room: vi.fn(() => room),
    me: () => me,
    view,
    onLeft: vi.fn(),
    onStanding: vi.fn(),
  };
  return { api, view, deps, access: new RoomAccess(deps) };
}

describe('RoomAccess', () => {
  it('reads the open room’s roles with the token; the reader moderates once they say so', async () => {
    const { api, view, deps, access } = setup();
    expect(access.moderator).toBe(false);
    await access.refresh();
    expect(api.listRoles).toHaveBeenCalledWith('tok', 'book-club');
    expect(access.moderator).toBe(true);
    expect(view.show).toHaveBeenLastCalledWith(expect.objectContaining({ standing: 'owner' }));
    expect(deps.onStanding).toHaveBeenCalledTimes(1);
    // Another room: no powers until its roles are read.
    access.roomChanged('chess');
    deps.room.mockReturnValue('chess');
    expect(access.moderator).toBe(false);
    expect(view.showLog).toHaveBeenLastCalledWith(null);
  });

  it('drops roles that arrive for a room the reader has left meanwhile, and shows none when they fail', async () => {
    const { api, view, deps, access } = setup();
    deps.room.mockReturnValue('chess');
    await access.refresh('book-club');
    expect(view.show).not.toHaveBeenCalled();
    api.listRoles.mockRejectedValueOnce(new ApiError(404, 'room_not_found', 'x'));
    await access.refresh('chess');
    expect(view.show).toHaveBeenLastCalledWith(expect.objectContaining({ roles: null, standing: null }));
  });

  it('adds a member, says so and reads the roles again; a missing name is asked for first', async () => {
    const { api, view, access } = setup();
    await access.addMember('  ', 'member');
    expect(view.showProblem).toHaveBeenLastCalledWith('Whose name? Type an account’s username.');
    expect(api.putMember).not.toHaveBeenCalled();
    await access.addMember(' Grace ', 'member');
    expect(api.putMember).toHaveBeenCalledWith('tok', 'book-club', 'Grace', 'member');
    expect(view.showDone).toHaveBeenCalledWith('Grace is now a member of this room.');
    expect(api.listRoles).toHaveBeenCalledTimes(1);
  });

  it('shows the refusal in words', async () => {
    const { api, view, access } = setup();
    api.putMember.mockRejectedValueOnce(new ApiError(404, 'account_not_found', 'x'));
    await access.addMember('Zed', 'member');
    expect(view.showProblem).toHaveBeenLastCalledWith(expect.stringContaining('No account is named “Zed”'));
    expect(view.showDone).not.toHaveBeenCalled();
    api.mute.mockRejectedValueOnce(new ApiError(401, 'unauthorized', 'x'));
    await access.sanction('mute', 'Linus', 5, '');
    expect(view.showProblem).toHaveBeenLastCalledWith('Sign in again to do this.');
  });

  it('mutes and removes for the chosen minutes with a reason, and lifts both', async () => {
    const { api, view, access } = setup();
    await access.sanction('mute', 'Linus', 5, '  ');
    expect(api.mute).toHaveBeenCalledWith('tok', 'book-club', { name: 'Linus', minutes: 5 });
    expect(view.showDone).toHaveBeenLastCalledWith('Linus is muted for 5 min.');
    await access.sanction('removal', 'Linus', 60, ' spam ');
    expect(api.remove).toHaveBeenCalledWith('tok', 'book-club', {
      name: 'Linus',
      minutes: 60,
      reason: 'spam',
    });
    await access.lift('mute', 'Linus');
    await access.lift('removal', 'Linus');
    expect(api.unmute).toHaveBeenCalledWith('tok', 'book-club', 'Linus');
    expect(api.unremove).toHaveBeenCalledWith('tok', 'book-club', 'Linus');
    await access.sanction('mute', 'Linus', Number.NaN, '');
    expect(view.showProblem).toHaveBeenLastCalledWith('Give the time in whole minutes.');
    expect(api.mute).toHaveBeenCalledTimes(1);
  });

  it('leaves with the reader’s own name, then the page lets go of the room; a refusal keeps it', async () => {
    const { api, deps, view, access } = setup('Linus');
    api.deleteMember.mockRejectedValueOnce(new ApiError(403, 'forbidden', 'The owner cannot leave.'));
    await access.leave();
    expect(deps.onLeft).not.toHaveBeenCalled();
    expect(view.showProblem).toHaveBeenLastCalledWith('Not allowed: The owner cannot leave.');
    await access.leave();
    expect(api.deleteMember).toHaveBeenLastCalledWith('tok', 'book-club', 'Linus');
    expect(deps.onLeft).toHaveBeenCalledWith('book-club');
  });

  it('shows the moderation log of the room still open', async () => {
    const { api, view, deps, access } = setup();
    const entries = [{ at, actor: 'Ada', action: 'mute' as const, target: 'Linus', until: at }];
    api.moderationLog.mockResolvedValueOnce({ roomId: 'book-club', entries, next: null });
    await access.showLog();
    expect(view.showLog).toHaveBeenLastCalledWith(entries);
    deps.room.mockReturnValue('chess');
    await access.showLog();
    expect(view.showLog).toHaveBeenCalledTimes(1);
  });
});

describe('logLine', () => {
  it('reads who did what to whom, until when and why', () => {
    const now = new Date(at);
    const t = formatTime(at, now);
    expect(
      logLine({ at, actor: 'Ada', action: 'mute', target: 'Linus', until: at, reason: 'spam' }, now),
    ).toBe(`${t} Ada muted Linus until ${t} (spam)`);
    expect(logLine({ at, actor: 'Ada', action: 'addMember', target: 'Grace', role: 'moderator' }, now)).toBe(
      `${t} Ada added Grace as moderator`,
    );
    expect(logLine({ at, actor: 'Grace', action: 'leave', target: 'Grace' }, now)).toBe(`${t} Grace left`);
    expect(logLine({ at, actor: 'Ada', action: 'deleteMessage', messageId: 'm1' }, now)).toBe(
      `${t} Ada deleted a message`,
    );
    expect(
      logLine({ at, actor: 'Ada', action: 'deleteMessage', target: 'Grace', messageId: 'm1' }, now),
    ).toBe(`${t} Ada deleted Grace’s message`);
  });
});
