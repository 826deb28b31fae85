import { describe, expect, it } from 'vitest';
import { signUpRefusals } from '../../../../lambdas/contract/sign-up';
import {
  type AccountNameReservation,
  type AccountNameReservations,
  reserveAccountName,
  SignUpRefused,
} from '../../../../lambdas/core/account-names';

const NOW = 1_714_564_800;

/** Reservations in memory with the table's condition: a skeleton is free, or already this username's. */
class MemoryReservations implements AccountNameReservations {
  readonly held = new Map<string, string>();
  readonly calls: { reservation: AccountNameReservation; nowSeconds: number }[] = [];

  async reserve(reservation: AccountNameReservation, nowSeconds: number): Promise<boolean> {
    this.calls.push({ reservation, nowSeconds });
    const holder = this.held.get(reservation.canonical);
    if (holder !== undefined && holder !== reservation.username) return false;
    this.held.set(reservation.canonical, reservation.username);
    return true;
  }
}

async function refusal(names: AccountNameReservations, username: string): Promise<SignUpRefused> {
  try {
    await reserveAccountName(names, username, NOW);
  } catch (err) {
    if (err instanceof SignUpRefused) return err;
    throw err;
  }
  throw new Error(`${username} was not refused`);
}

describe('reserveAccountName', () => {
  it("reserves the username's skeleton for it, as written, at the time given", async () => {
    const names = new MemoryReservations();
    await reserveAccountName(names, 'Alice', NOW);
    expect(names.calls).toEqual([
      { reservation: { canonical: 'allce', username: 'Alice' }, nowSeconds: NOW },
    ]);
  });

  it.each(['alice', 'ALICE', 'A1ice', 'aIice', 'a_lice', 'A-L-I-C-E', 'al1ce'])(
    'refuses %s once Alice holds the skeleton: that name is taken',
    async (lookAlike) => {
      const names = new MemoryReservations();
      await reserveAccountName(names, 'Alice', NOW);
      const err = await refusal(names, lookAlike);
      expect(err.message).toBe(signUpRefusals.taken);
      expect(err.message).toBe('That name is taken');
    },
  );

  it('lets the same username through again (a retried trigger, a sign-up tried again)', async () => {
    const names = new MemoryReservations();
    await reserveAccountName(names, 'Alice', NOW);
    await expect(reserveAccountName(names, 'Alice', NOW)).resolves.toBeUndefined();
  });

  it.each(['Pyro', 'pyro', 'PYRO', 'Pyr0', 'P_y-r_o', 'pyr0'])(
    "refuses %s, the bot's name or a look-alike, without a write",
    async (name) => {
      const names = new MemoryReservations();
      const err = await refusal(names, name);
      expect(err.message).toBe(signUpRefusals.reserved);
      expect(err.name).toBe('SignUpRefused');
      expect(names.calls).toEqual([]);
    },
  );

  it.each([
    ['a space', 'a lice'],
    ['a Cyrillic a', '\u0430lice'],
    ['a fullwidth letter', '\uff21lice'],
    ['a zero-width space', 'ali\u200bce'],
    ['an at sign', 'alice@example.com'],
    ['a dot', 'al.ice'],
    ['33 characters', 'a'.repeat(33)],
    ['nothing', ''],
  ])('refuses a username with %s as no username, without a write', async (_what, username) => {
    const names = new MemoryReservations();
    const err = await refusal(names, username);
    expect(err.message).toBe(signUpRefusals.invalid);
    expect(names.calls).toEqual([]);
  });

  it('accepts 32 characters of letters, digits, _ and -', async () => {
    const names = new MemoryReservations();
    const username = `Ab_-9${'x'.repeat(27)}`;
    await reserveAccountName(names, username, NOW);
    expect(names.held.size).toBe(1);
  });

  it('passes on a failure of the store as it is (not a refusal)', async () => {
    const failing: AccountNameReservations = {
      reserve: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
    };
    await expect(reserveAccountName(failing, 'Alice', NOW)).rejects.not.toBeInstanceOf(SignUpRefused);
    await expect(reserveAccountName(failing, 'Alice', NOW)).rejects.toThrow('ProvisionedThroughput');
  });
});
