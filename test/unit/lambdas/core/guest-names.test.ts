import { describe, expect, it } from 'vitest';
import { claimGuestName, releaseGuestName } from '../../../../lambdas/core/guest-names';
import { MemoryGuestNameHolds } from './name-fakes';

const NOW = 1_714_564_800;
const LATER = NOW + 12 * 3600;

describe('claimGuestName', () => {
  it("holds the name's skeleton for the session until its expiry", async () => {
    const holds = new MemoryGuestNameHolds();
    await claimGuestName(holds, 'Alice', 's1', LATER, NOW);
    expect(holds.holds.get('allce')).toEqual({
      canonical: 'allce',
      name: 'Alice',
      sessionId: 's1',
      expiresAt: LATER,
      kind: 'guest',
    });
  });

  it.each(['Alice', 'alice', 'a lice', 'A_L-I_C_E', 'aIice', 'a1ice'])(
    'refuses %j with name_taken (409) while another session holds "alice"',
    async (name) => {
      const holds = new MemoryGuestNameHolds();
      await claimGuestName(holds, 'alice', 's1', LATER, NOW);
      const err = await claimGuestName(holds, name, 's2', LATER + 60, NOW + 60).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'name_taken', status: 409, message: expect.stringContaining(name) });
      expect(holds.holds.get('allce')?.sessionId).toBe('s1');
    },
  );

  it('frees the name once the holding session has expired (the TTL not yet run)', async () => {
    const holds = new MemoryGuestNameHolds();
    await claimGuestName(holds, 'alice', 's1', LATER, NOW);
    await expect(claimGuestName(holds, 'alice', 's2', LATER + 1, LATER - 1)).rejects.toMatchObject({
      code: 'name_taken',
    });
    await claimGuestName(holds, 'Alice', 's2', LATER + 12 * 3600, LATER);
    expect(holds.holds.get('allce')).toMatchObject({ sessionId: 's2', name: 'Alice' });
  });

  it('never takes a name an account holds (no expiry)', async () => {
    const holds = new MemoryGuestNameHolds();
    holds.holds.set('allce', {
      canonical: 'allce',
      name: 'alice',
      sessionId: 'acct',
      expiresAt: 0,
      kind: 'account',
    });
    await expect(claimGuestName(holds, 'alice', 's1', LATER, NOW)).rejects.toMatchObject({
      code: 'name_taken',
    });
  });

  it('passes on a failure of the store (a 500, not a 409)', async () => {
    const holds = new MemoryGuestNameHolds();
    holds.claim = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };
    await expect(claimGuestName(holds, 'alice', 's1', LATER, NOW)).rejects.toThrow('ProvisionedThroughput');
  });
});

describe('releaseGuestName', () => {
  it('frees the name for the session that holds it, so another guest can take it', async () => {
    const holds = new MemoryGuestNameHolds();
    await claimGuestName(holds, 'alice', 's1', LATER, NOW);
    expect(await releaseGuestName(holds, 'allce', 's1')).toBe(true);
    await claimGuestName(holds, 'a1ice', 's2', LATER, NOW);
    expect(holds.holds.get('allce')?.sessionId).toBe('s2');
  });

  it('does nothing for another session, nor for a name nobody holds', async () => {
    const holds = new MemoryGuestNameHolds();
    await claimGuestName(holds, 'alice', 's1', LATER, NOW);
    expect(await releaseGuestName(holds, 'allce', 's2')).toBe(false);
    expect(await releaseGuestName(holds, 'bob', 's1')).toBe(false);
    expect(holds.holds.get('allce')?.sessionId).toBe('s1');
  });

  it('leaves the name to a guest who took it after the releasing session expired', async () => {
    const holds = new MemoryGuestNameHolds();
    await claimGuestName(holds, 'alice', 's1', LATER, NOW);
    await claimGuestName(holds, 'alice', 's2', LATER + 12 * 3600, LATER);
    expect(await releaseGuestName(holds, 'allce', 's1')).toBe(false);
    expect(holds.holds.get('allce')?.sessionId).toBe('s2');
  });
});
