import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../web/api';
import { expiredMessage, noServerMessage, SessionController, type SignInView } from '../../web/session';
import { saveSession } from '../../web/session-store';
import type { Session } from '../../web/types';
import { deferred, memoryStorage, recordingView } from './fakes';

const now = Date.parse('2024-05-01T12:00:00Z');
const valid: Session = { token: 'tok', name: 'Ada', expiresAt: '2024-05-01T14:00:00Z' };
const stale: Session = { token: 'old', name: 'Ada', expiresAt: '2024-05-01T11:00:00Z' };

function setup(
  opts: {
    stored?: Session;
    createSession?: (name: string) => Promise<Session>;
    deleteSession?: (token: string) => Promise<void>;
    noApi?: boolean;
  } = {},
) {
  const storage = memoryStorage();
  if (opts.stored) saveSession(storage, { ...opts.stored, kind: 'guest' });
  const { view, calls } = recordingView<SignInView>();
  const events: string[] = [];
  const createSession = vi.fn(opts.createSession ?? (async (name: string) => ({ ...valid, name })));
  const deleteSession = vi.fn(
    opts.deleteSession ??
      (async (token: string) => {
        events.push(`revoked ${token} (stored: ${storage.data.size})`);
      }),
  );
  const controller = new SessionController({
    storage,
    now: () => now,
    api: () => (opts.noApi ? null : { createSession, deleteSession }),
    view,
    onSignIn: () => events.push('signed in'),
    onSignOut: () => events.push(`signing out (stored: ${storage.data.size})`),
  });
  return { controller, storage, calls, events, createSession, deleteSession };
}

describe('SessionController.restore', () => {
  it('shows the chat for a stored session that is still valid, and enters it once the API is known', () => {
    const { controller, calls, events } = setup({ stored: valid });
    controller.restore();
    expect(calls).toEqual([['showChat', 'Ada']]);
    expect(events).toEqual([]);
    controller.resume();
    expect(events).toEqual(['signed in']);
    expect(controller.current).toEqual({ ...valid, kind: 'guest' });
  });

  it('forgets an expired session and asks to sign in again under the same name', () => {
    const { controller, calls, storage, events } = setup({ stored: stale });
    controller.restore();
    expect(calls).toEqual([['showSignIn', expiredMessage, 'Ada']]);
    expect(storage.data.size).toBe(0);
    expect(controller.current).toBeNull();
    controller.resume();
    expect(events).toEqual([]);
  });

  it('shows an empty sign-in form when nobody signed in in this tab', () => {
    const { controller, calls } = setup();
    controller.restore();
    expect(calls).toEqual([['showSignIn', '']]);
    expect(controller.name).toBeNull();
  });
});

describe('SessionController.signIn', () => {
  it('creates a session under the trimmed name, stores it and enters the chat', async () => {
    const { controller, calls, storage, events, createSession } = setup();
    await controller.signIn('  Ada  ');
    expect(createSession).toHaveBeenCalledWith('Ada');
    expect(controller.name).toBe('Ada');
    expect(JSON.parse(storage.data.get('chatty.session') ?? 'null')).toMatchObject({ token: 'tok' });
    expect(calls).toEqual([
      ['setBusy', true],
      ['showNameProblem', '', false],
      ['showChat', 'Ada'],
      ['setBusy', false],
    ]);
    expect(events).toEqual(['signed in']);
  });

  it('keeps the button disabled while the request is in flight', async () => {
    const pending = deferred<Session>();
    const { controller, calls } = setup({ createSession: () => pending.promise });
    const signingIn = controller.signIn('Ada');
    expect(calls.at(-1)).toEqual(['showNameProblem', '', false]);
    expect(calls).toContainEqual(['setBusy', true]);
    expect(calls).not.toContainEqual(['setBusy', false]);
    pending.resolve(valid);
    await signingIn;
    expect(calls.at(-1)).toEqual(['setBusy', false]);
  });

  it('refuses a bad name before asking the server', async () => {
    const { controller, calls, createSession } = setup();
    await controller.signIn('   ');
    await controller.signIn('Ada!');
    expect(createSession).not.toHaveBeenCalled();
    expect(calls).toEqual([
      ['showNameProblem', 'Please pick a name.', true],
      ['showNameProblem', 'Use only letters, digits, spaces, _ or -.', true],
    ]);
  });

  it('says the server is not reachable when config.json could not be read', async () => {
    const { controller, calls, events } = setup({ noApi: true });
    await controller.signIn('Ada');
    expect(calls).toEqual([['showNameProblem', noServerMessage, false]]);
    expect(events).toEqual([]);
  });

  it('shows the server’s refusal (a name it will not give out) and stays signed out', async () => {
    const { controller, calls, storage, events } = setup({
      createSession: async () => {
        throw new ApiError(409, 'NameTaken', 'That name is taken.');
      },
    });
    await controller.signIn('Ada');
    expect(calls).toContainEqual(['showNameProblem', 'That name is taken.', true]);
    expect(calls.at(-1)).toEqual(['setBusy', false]);
    expect(controller.current).toBeNull();
    expect(storage.data.size).toBe(0);
    expect(events).toEqual([]);
  });

  it('shows a generic line for a failure that is not the server’s answer', async () => {
    const { controller, calls } = setup({
      createSession: async () => {
        throw new TypeError('boom');
      },
    });
    await controller.signIn('Ada');
    expect(calls).toContainEqual(['showNameProblem', 'Something went wrong. Please try again.', true]);
  });
});

describe('SessionController.signOut and expire', () => {
  it('asks the server to end the session and stops the socket before forgetting the token, then shows the form with the name filled in', async () => {
    const { controller, calls, storage, events } = setup({ stored: valid });
    await controller.signOut();
    expect(events).toEqual(['revoked tok (stored: 1)', 'signing out (stored: 1)']);
    expect(storage.data.size).toBe(0);
    expect(controller.current).toBeNull();
    expect(calls).toEqual([['showSignIn', '', 'Ada']]);
  });

  it('signs out locally at once, whatever the server answers, and says nothing about it', async () => {
    for (const failure of [
      new ApiError(0, 'NetworkError', 'Cannot reach the server. Check your connection.'),
      new ApiError(401, 'unauthorized', 'This session has ended already: sign in again'),
      new ApiError(500, 'internal', 'Something went wrong on our side; try again'),
    ]) {
      const pending = deferred<void>();
      const { controller, calls, storage } = setup({ stored: valid, deleteSession: () => pending.promise });
      const signingOut = controller.signOut();
      // Forgotten before the server answers: nothing waits on the network.
      expect(storage.data.size).toBe(0);
      expect(calls).toEqual([['showSignIn', '', 'Ada']]);
      pending.reject(failure);
      await expect(signingOut).resolves.toBeUndefined();
      expect(calls).toEqual([['showSignIn', '', 'Ada']]);
    }
  });

  it('signs out without calling the server when the token has expired or no API is known', async () => {
    const expired = setup({ stored: stale });
    await expired.controller.signOut();
    expect(expired.deleteSession).not.toHaveBeenCalled();
    expect(expired.calls).toEqual([['showSignIn', '', 'Ada']]);
    const offline = setup({ stored: valid, noApi: true });
    await offline.controller.signOut();
    expect(offline.calls).toEqual([['showSignIn', '', 'Ada']]);
    expect(offline.storage.data.size).toBe(0);
  });

  it('expire signs out with the expiry message (no call to the server), and does nothing when already signed out', () => {
    const { controller, calls, events, deleteSession } = setup({ stored: valid });
    controller.expire();
    expect(deleteSession).not.toHaveBeenCalled();
    expect(calls).toEqual([['showSignIn', expiredMessage, 'Ada']]);
    controller.expire();
    expect(calls).toHaveLength(1);
    expect(events).toHaveLength(1);
  });

  it('expired() follows the clock and is false when signed out', () => {
    expect(setup({ stored: valid }).controller.expired()).toBe(false);
    expect(setup({ stored: stale }).controller.expired()).toBe(true);
    expect(setup().controller.expired()).toBe(false);
  });
});
