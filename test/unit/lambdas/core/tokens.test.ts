import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChatError, type ErrorCode } from '../../../../lambdas/core/errors';
import {
  bearerToken,
  issueToken,
  TOKEN_LIFETIME_SECONDS,
  verifyToken,
} from '../../../../lambdas/core/tokens';
import { T0 } from './fakes';

const KEY = 'test-signing-key';

function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ChatError) return err.code;
    throw err;
  }
  return undefined;
}

function b64(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

describe('issueToken and verifyToken', () => {
  it('round-trip the name, the session id and an expiry 12 hours ahead', () => {
    const { token, expiresAt } = issueToken(KEY, 'Ada', T0, 'session-1');
    expect(expiresAt).toBe(T0 / 1000 + TOKEN_LIFETIME_SECONDS);
    expect(TOKEN_LIFETIME_SECONDS).toBe(12 * 3600);
    expect(verifyToken(KEY, token, T0 + 1000)).toEqual({ name: 'Ada', expiresAt, sessionId: 'session-1' });
  });

  it('give a token without a session id a new random one', () => {
    const a = verifyToken(KEY, issueToken(KEY, 'Ada', T0).token, T0).sessionId;
    const b = verifyToken(KEY, issueToken(KEY, 'Ada', T0).token, T0).sessionId;
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });

  it('refuse a token that carries another session id than it was signed with', () => {
    const { token, expiresAt } = issueToken(KEY, 'Ada', T0, 'session-1');
    const [, signature] = token.split('.');
    const forged = `${b64({ n: 'Ada', e: expiresAt, s: 'session-2' })}.${signature}`;
    expect(codeOf(() => verifyToken(KEY, forged, T0))).toBe('unauthorized');
  });

  it('keep names with spaces and symbols intact', () => {
    const { token } = issueToken(KEY, 'Ada Lovelace_1-2', T0);
    expect(verifyToken(KEY, token, T0).name).toBe('Ada Lovelace_1-2');
  });

  it('refuse a token whose payload was changed', () => {
    const { token, expiresAt } = issueToken(KEY, 'Ada', T0);
    const [, signature] = token.split('.');
    const forged = `${b64({ n: 'Pyro', e: expiresAt })}.${signature}`;
    expect(codeOf(() => verifyToken(KEY, forged, T0))).toBe('unauthorized');
  });

  it('refuse a token whose signature was changed', () => {
    const { token } = issueToken(KEY, 'Ada', T0);
    const [payload, signature = ''] = token.split('.');
    expect(signature).not.toBe('');
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    expect(codeOf(() => verifyToken(KEY, `${payload}.${flipped}`, T0))).toBe('unauthorized');
    expect(codeOf(() => verifyToken(KEY, `${payload}.${signature}x`, T0))).toBe('unauthorized');
  });

  it('refuse a token signed with another key', () => {
    const { token } = issueToken('another-key', 'Ada', T0);
    expect(codeOf(() => verifyToken(KEY, token, T0))).toBe('unauthorized');
  });

  it('report an expired token as token_expired, from the second it expires', () => {
    const { token, expiresAt } = issueToken(KEY, 'Ada', T0);
    expect(verifyToken(KEY, token, expiresAt * 1000 - 1).name).toBe('Ada');
    expect(codeOf(() => verifyToken(KEY, token, expiresAt * 1000))).toBe('token_expired');
    expect(codeOf(() => verifyToken(KEY, token, expiresAt * 1000 + 60_000))).toBe('token_expired');
  });

  it('check the signature before the expiry, so a forged expired token is just unauthorized', () => {
    const forged = `${b64({ n: 'Ada', e: 1 })}.AAAA`;
    expect(codeOf(() => verifyToken(KEY, forged, T0))).toBe('unauthorized');
  });

  it.each([undefined, null, ''])('require a token (%j is unauthorized)', (token) => {
    expect(codeOf(() => verifyToken(KEY, token, T0))).toBe('unauthorized');
  });

  it.each(['abc', 'abc.', '.abc', 'a.b.c', '...', 'not a token at all'])(
    'refuse the malformed token %j',
    (token) => {
      expect(codeOf(() => verifyToken(KEY, token, T0))).toBe('unauthorized');
    },
  );

  it('refuse a correctly signed payload that is not JSON or lacks the fields', () => {
    for (const payload of [
      Buffer.from('not json').toString('base64url'),
      b64({ n: 'Ada' }),
      b64({ e: T0 / 1000 + 60 }),
      b64({ n: 7, e: T0 / 1000 + 60 }),
      b64({ n: 'Ada', e: 'tomorrow', s: 'session-1' }),
      // Signed before names were held (no session id): it holds no name, so it is refused.
      b64({ n: 'Ada', e: T0 / 1000 + 60 }),
      b64({ n: 'Ada', e: T0 / 1000 + 60, s: 7 }),
    ]) {
      // Correctly signed, so only the payload checks can refuse it.
      const signature = signWith(KEY, payload);
      expect(codeOf(() => verifyToken(KEY, `${payload}.${signature}`, T0))).toBe('unauthorized');
    }
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def', 'abc.def'],
    ['bearer abc.def', 'abc.def'],
    ['BEARER   abc.def  ', 'abc.def'],
  ])('takes the token out of %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Token abc', 'Bearer a b', 'abc.def'])(
    'finds no token in %j',
    (header) => {
      expect(bearerToken(header)).toBeUndefined();
    },
  );
});

function signWith(key: string, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}
