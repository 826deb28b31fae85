import { describe, expect, it } from 'vitest';
import { senderTypeOf } from '../../../../lambdas/core/identity';

describe('senderTypeOf', () => {
  it('says "guest" for a guest and "user" for an account, whatever the name', () => {
    expect(senderTypeOf({ kind: 'guest', id: 'Ada' })).toBe('guest');
    expect(senderTypeOf({ kind: 'account', id: 'Ada' })).toBe('user');
  });
});
