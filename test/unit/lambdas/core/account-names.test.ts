import { describe, expect, it } from 'vitest';
import { signUpRefusals } from '../../../../lambdas/contract/sign-up';
import {
  type AccountNameReservation,
  type AccountNameReservations,
  confirmAccountName,
  reserveAccountName,
  SignUpRefused,
} from '../../../../lambdas/core/account-names';

const NOW = 1_714_564_800;
const DAY = 86_400;

/**
 * Reservations in memory with the table's conditions: a skeleton is free, expired, or this username's pending
 * reservation (reserve) or this username's at all (confirm).
 */
class MemoryReservations implements AccountNameReservations {
  readonly held = new Map<string, { username: string; expiresAt?: number }>();
  readonly calls: { reservation: AccountNameReservation; nowSeconds: number; expiresAt?: number }[] = [];

  async reserve(
    reservation: AccountNameReservation,
    nowSeconds: number,
    expiresAt: number,
  ): Promise<boolean> {
    this.calls.push({ reservation, nowSeconds, expiresAt });
    const holder = this.held.get(reservation.canonical);
    const free = !holder || (holder.expiresAt !== undefined && holder.expiresAt <= nowSeconds);
    const ownPending = holder?.username === reservation.username && holder.expiresAt !== undefined;
    if (!free && !ownPending) return false;
    this.held.set(reservation.canonical, { username: reservation.username, expiresAt });
    return true;
  }

  async confirm(reservation: AccountNameReservation, nowSeconds: number): Promise<boolean> {
    this.calls.push({ reservation, nowSeconds });
    const holder = this.held.get(reservation.canonical);
    const free = !holder || (holder.expiresAt !== undefined && holder.expiresAt <= nowSeconds);
    if (!free && holder?.username !== reservation.username) return false;
    this.held.set(reservation.canonical, { username: reservation.username });
    return true;
  }
}

async function refusal(names: AccountNameReservations, username: string): Promise<SignUpRefused> {
  try {
    await reserveAccountName(names, username, NOW, DAY);
  } catch (err) {
    if (err instanceof SignUpRefused) return err;
    throw err;
  }
  throw new Error(`${username} was not refused`);
}

describe('reserveAccountName', () => {
  it("reserves the username's skeleton for it, as written, at the time given, pending for the time given", async () => {
    const names = new MemoryReservations();
    await reserveAccountName(names, 'Alice', NOW, DAY);
    expect(names.calls).toEqual([
      { reservation: { canonical: 'allce', username: 'Alice' }, nowSeconds: NOW, expiresAt: NOW + DAY },
    ]);
  });

  it('frees a reservation nobody confirmed once it expires; a confirmed one stays for good', async () => {
    const names = new MemoryReservations();
    await reserveAccountName(names, 'Alice', NOW, DAY);
    await expect(reserveAccountName(names, 'alice', NOW + DAY - 1, DAY)).rejects.toThrow(
      'That name is taken',
    );
    await reserveAccountName(names, 'alice', NOW + DAY, DAY);
    await confirmAccountName(names, 'alice', NOW + DAY + 60);
    await expect(reserveAccountName(names, 'Alice', NOW + 100 * DAY, DAY)).rejects.toThrow(
      'That name is taken',
    );
    // Nor may the same username's new sign-up make the confirmed name expire.
    await expect(reserveAccountName(names, 'alice', NOW + 100 * DAY, DAY)).rejects.toThrow(
      'That name is taken',
    );
    expect(names.held.get('allce')).toEqual({ username: 'alice' });
  });
});

describe('confirmAccountName', () => {
  it("makes this username's reservation permanent, even after it expired if nobody took it; twice is fine", async () => {
    const names = new MemoryReservations();
    await reserveAccountName(names, 'Alice', NOW, DAY);
    await confirmAccountName(names, 'Alice', NOW + 2 * DAY);
    await confirmAccountName(names, 'Alice', NOW + 2 * DAY);
    expect(names.held.get('allce')).toEqual({ username: 'Alice' });
  });

  it('refuses with "That name is taken" when another took the skeleton after the reservation expired', async () => {
    const names = new MemoryReservations();
    await reserveAccountName(names, 'Alice', NOW, DAY);
    await reserveAccountName(names, 'A1ice', NOW + DAY, DAY);
    const refused = confirmAccountName(names, 'Alice', NOW + DAY + 1);
    await expect(refused).rejects.toBeInstanceOf(SignUpRefused);
    await expect(refused).rejects.toThrow(signUpRefusals.taken);
  });
});

describe('reserveAccountName, refusals', () => {
  it.each(['alice', 'ALICE', 'A1ice', 'aIice', 'a_lice', 'A-L-I-C-E', 'al1ce'])(
    'refuses %s once Alice holds the skeleton: that name is taken',
    async (lookAlike) => {
      const names = new MemoryReservations();
      await reserveAccountName(names, 'Alice', NOW, DAY);
      const err = await refusal(names, lookAlike);
      expect(err.message).toBe(signUpRefusals.taken);
      expect(err.message).toBe('That name is taken');
    },
  );

  it('lets the same username through again (a retried trigger, a sign-up tried again)', async () => {
    const names = new MemoryReservations();
    await reserveAccountName(names, 'Alice', NOW, DAY);
    await expect(reserveAccountName(names, 'Alice', NOW, DAY)).resolves.toBeUndefined();
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
    await reserveAccountName(names, username, NOW, DAY);
    expect(names.held.size).toBe(1);
  });

  it('passes on a failure of the store as it is (not a refusal)', async () => {
    const failing: AccountNameReservations = {
      reserve: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
      confirm: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
    };
    await expect(reserveAccountName(failing, 'Alice', NOW, DAY)).rejects.not.toBeInstanceOf(SignUpRefused);
    await expect(reserveAccountName(failing, 'Alice', NOW, DAY)).rejects.toThrow('ProvisionedThroughput');
  });
});
