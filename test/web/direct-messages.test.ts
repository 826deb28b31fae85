import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../web/api';
import { DirectMessages } from '../../web/direct-messages';
import type { Room } from '../../web/types';

const dm: Room = { roomId: 'dm-3f2a9c0b1d4e5f60718293a4', name: 'Ada & Grace', kind: 'dm', dmWith: 'Grace' };

function setup(account = true) {
  const openDm = vi.fn(async (_token: string, _name: string) => dm);
  const view = { showProblem: vi.fn(), setBusy: vi.fn(), clear: vi.fn() };
  const enter = vi.fn();
  const dms = new DirectMessages({
    api: () => ({ openDm }),
    authorized: (call) => call('tok'),
    me: () => 'Ada',
    isAccount: () => account,
    view,
    enter,
  });
  return { openDm, view, enter, dms };
}

describe('DirectMessages', () => {
  it('opens the conversation and enters it, the form emptied', async () => {
    const { openDm, view, enter, dms } = setup();
    await dms.open(' Grace ');
    expect(openDm).toHaveBeenCalledWith('tok', 'Grace');
    expect(enter).toHaveBeenCalledWith(dm);
    expect(view.clear).toHaveBeenCalled();
    expect(view.setBusy.mock.calls).toEqual([[true], [false]]);
  });

  it('says no before asking: an empty name, a guest, yourself (or a look-alike of you)', async () => {
    const { openDm, view, dms } = setup();
    await dms.open(' ');
    expect(view.showProblem).toHaveBeenLastCalledWith('Whose name? Type an account’s username.');
    await dms.open('ADA');
    expect(view.showProblem).toHaveBeenLastCalledWith('That is you: pick someone else.');
    const guest = setup(false);
    await guest.dms.open('Grace');
    expect(guest.view.showProblem).toHaveBeenLastCalledWith(expect.stringContaining('for accounts'));
    expect(openDm).not.toHaveBeenCalled();
    expect(guest.openDm).not.toHaveBeenCalled();
  });

  it('names the account the server does not know, and stays on the form', async () => {
    const { openDm, view, enter, dms } = setup();
    openDm.mockRejectedValueOnce(new ApiError(404, 'account_not_found', 'x'));
    await dms.open('Zed');
    expect(view.showProblem).toHaveBeenLastCalledWith(expect.stringContaining('No account is named “Zed”'));
    expect(enter).not.toHaveBeenCalled();
    expect(view.setBusy).toHaveBeenLastCalledWith(false);
  });
});
