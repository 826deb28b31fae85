/**
 * Configuration is read once, at module scope of the handler that needs it, and fails fast: a missing
 * variable stops the cold start with a message naming it rather than failing later on a request.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(
      `Missing required environment variable ${name} (set by the function's binding in infra/spec.ts)`,
    );
  }
  return value;
}

export function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`Environment variable ${name} must be a positive number`);
  return value;
}
