/**
 * Configuration is read once, in the composition root at the bottom of each function's entry file, and fails
 * fast: a missing variable stops the cold start with a message naming it rather than failing later on a
 * request. There are no defaults here: both realizations set every variable from infra/spec.ts (bindings and
 * `config`), which is the one place defaults live.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(
      `Missing required environment variable ${name} (set by the function's binding or config in infra/spec.ts)`,
    );
  }
  return value;
}

/** A required variable holding a positive number (a duration, a TTL, an order). */
export function positiveNumberEnv(name: string): number {
  const raw = requireEnv(name);
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`Environment variable ${name} must be a positive number, not "${raw}"`);
  return value;
}
