import { parseAdmins } from '../core/room-access';

/**
 * ADMINS (infra/spec.ts `defaultAdmins`, `-c admins=…` on AWS, `CHATTY_ADMINS` locally): comma-separated account
 * usernames, read once at cold start. Empty means no admins; unset is a deployment mistake and stops the cold start.
 */
export function adminsFromEnv(): { admins: ReadonlySet<string>; adminNames: readonly string[] } {
  const raw = process.env.ADMINS;
  if (raw === undefined) {
    throw new Error(
      'Missing required environment variable ADMINS (set by the function config in infra/spec.ts)',
    );
  }
  const adminNames = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return { admins: parseAdmins(raw), adminNames };
}
