import { describe, expect, it } from 'vitest';
import { readAccessToken } from '../../web/access-token';
import { fakeJwt } from './jwt';

describe('readAccessToken', () => {
  it('reads the username and the expiry (in ms) of a Cognito access token, UTF-8 names included', () => {
    expect(readAccessToken(fakeJwt({ token_use: 'access', username: 'Zoë', exp: 1_700_000_000 }))).toEqual({
      username: 'Zoë',
      expiresAtMs: 1_700_000_000_000,
    });
  });

  it('refuses an ID token, a token without a username or expiry, a guest token and garbage', () => {
    expect(readAccessToken(fakeJwt({ token_use: 'id', 'cognito:username': 'ada', exp: 1 }))).toBeNull();
    expect(readAccessToken(fakeJwt({ token_use: 'access', exp: 1 }))).toBeNull();
    expect(readAccessToken(fakeJwt({ token_use: 'access', username: 'ada' }))).toBeNull();
    expect(readAccessToken('payload.signature')).toBeNull();
    expect(readAccessToken('a.%%%.c')).toBeNull();
  });
});
