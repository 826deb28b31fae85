import { describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from '../../web/socket';
import { type ErrorFrameDeps, handleErrorFrame, renewSocket } from '../../web/socket-token';

function deps(opts: { account: boolean; pending?: string[] }) {
  const calls: string[] = [];
  const d: ErrorFrameDeps = {
    isAccount: () => opts.account,
    isPending: (id) => (opts.pending ?? []).includes(id),
    requeue: (id) => calls.push(`requeue ${id}`),
    fail: (id, message) => calls.push(`fail ${id}: ${message}`),
    showError: (message, code) => calls.push(`show ${code}: ${message}`),
    tokenRefused: () => calls.push('token refused'),
  };
  return { d, calls };
}

const expired = { type: 'error', code: 'token_expired', message: 'Your session has expired' } as const;

describe('handleErrorFrame', () => {
  it("puts an account's message refused for an expired token back in the queue and renews the token, silently", () => {
    const { d, calls } = deps({ account: true, pending: ['c1'] });
    handleErrorFrame({ ...expired, clientMessageId: 'c1' }, d);
    expect(calls).toEqual(['requeue c1', 'token refused']);
  });

  it('says so when what the expired token refused is not a waiting message (an edit), and still renews', () => {
    const { d, calls } = deps({ account: true });
    handleErrorFrame({ ...expired, clientMessageId: 'edit-1' }, d);
    handleErrorFrame(expired, d);
    expect(calls).toEqual([
      'show token_expired: Your session has expired',
      'token refused',
      'show token_expired: Your session has expired',
      'token refused',
    ]);
  });

  it("fails a guest's message for an expired token and sends the guest to sign in again", () => {
    const { d, calls } = deps({ account: false, pending: ['c1'] });
    handleErrorFrame({ ...expired, clientMessageId: 'c1' }, d);
    expect(calls).toEqual([
      'fail c1: Your session has expired',
      'show token_expired: Your session has expired',
      'token refused',
    ]);
  });

  it('fails the message and shows any other refusal, the token untouched', () => {
    const { d, calls } = deps({ account: true, pending: ['c1'] });
    handleErrorFrame({ type: 'error', code: 'rate_limited', message: 'Slow down', clientMessageId: 'c1' }, d);
    expect(calls).toEqual(['fail c1: Slow down', 'show rate_limited: Slow down']);
  });
});

describe('renewSocket', () => {
  function socket(state: ConnectionState) {
    const calls: string[] = [];
    return {
      calls,
      s: {
        state,
        dropNow: vi.fn(() => calls.push('drop')),
        start: vi.fn(() => calls.push('start')),
        reconnectNow: vi.fn(() => calls.push('reconnect')),
      },
    };
  }

  it('replaces an open socket opened with the old token: the server would refuse its posts past that expiry', () => {
    const { s, calls } = socket('online');
    renewSocket(s, 'old', 'new');
    expect(calls).toEqual(['drop', 'start', 'reconnect']);
  });

  it('replaces a socket still connecting with the old token', () => {
    const { s, calls } = socket('connecting');
    renewSocket(s, 'old', 'new');
    expect(calls).toEqual(['drop', 'start', 'reconnect']);
  });

  it('keeps a socket already opened with the new token', () => {
    const { s, calls } = socket('online');
    renewSocket(s, 'new', 'new');
    expect(calls).toEqual(['start', 'reconnect']);
  });

  it('starts a socket that stopped for want of a valid token', () => {
    const { s, calls } = socket('offline');
    renewSocket(s, 'old', 'new');
    expect(calls).toEqual(['start', 'reconnect']);
  });
});
