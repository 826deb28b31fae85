import { describe, expect, it } from 'vitest';
import { identityKey, identityOf } from '../../../../lambdas/core/identity';

describe('identity', () => {
  it('is a guest named by the token today', () => {
    expect(identityOf({ name: 'Ada', expiresAt: 1, sessionId: 's1' })).toEqual({ kind: 'guest', id: 'Ada' });
  });

  it('keys an allowance by action, kind and id, so a guest never shares an account’s', () => {
    expect(identityKey('rooms', { kind: 'guest', id: 'Ada' })).toBe('rooms#guest#Ada');
    expect(identityKey('rooms', { kind: 'account', id: 'Ada' })).toBe('rooms#account#Ada');
  });
});
