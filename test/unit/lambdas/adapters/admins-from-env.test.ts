import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminsFromEnv } from '../../../../lambdas/adapters/admins-from-env';

afterEach(() => vi.unstubAllEnvs());

describe('adminsFromEnv', () => {
  it('reads ADMINS as comma-separated usernames, keeping their spelling and their skeletons', () => {
    vi.stubEnv('ADMINS', ' Ada, grace ,,');
    const { admins, adminNames } = adminsFromEnv();
    expect(adminNames).toEqual(['Ada', 'grace']);
    expect([...admins]).toEqual(['ada', 'grace']);
  });

  it('takes an empty ADMINS as none, and fails the cold start when it is unset', () => {
    vi.stubEnv('ADMINS', '');
    expect(adminsFromEnv().adminNames).toEqual([]);
    vi.stubEnv('ADMINS', undefined);
    expect(() => adminsFromEnv()).toThrow('Missing required environment variable ADMINS');
  });
});
