import { describe, expect, it } from 'vitest';
import { isMessageId, newMessageId } from '../../../../lambdas/core/ids';
import { T0 } from './fakes';

describe('newMessageId', () => {
  it('starts with the 13-digit epoch milliseconds and ends with a random hex suffix', () => {
    const id = newMessageId(T0);
    expect(id).toMatch(/^\d{13}-[0-9a-f]{10}$/);
    expect(id.startsWith(String(T0))).toBe(true);
  });

  it('pads early times so ids still sort by time as strings', () => {
    expect(newMessageId(42).startsWith('0000000000042-')).toBe(true);
    const ids = [newMessageId(T0 + 1000), newMessageId(999), newMessageId(T0)];
    expect([...ids].sort().map((id) => Number(id.slice(0, 13)))).toEqual([999, T0, T0 + 1000]);
  });

  it('gives different ids for the same millisecond', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newMessageId(T0)));
    expect(ids.size).toBe(200);
  });
});

describe('isMessageId', () => {
  it('accepts the ids newMessageId makes', () => {
    expect(isMessageId(newMessageId(T0))).toBe(true);
  });

  it.each([
    '',
    '123',
    `${T0}-abc`,
    `${T0}-ABCDEF0123`,
    `${T0}-0123456789a`,
    `x${T0}-0123456789`,
    `${T0}_0123456789`,
  ])('rejects %j', (value) => {
    expect(isMessageId(value)).toBe(false);
  });
});
