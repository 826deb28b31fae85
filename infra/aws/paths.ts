import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root. Spec entry paths, the lock file and web/dist are relative to it; resolving them here
 * (not against the cwd) lets the cdk CLI and vitest synthesize the same stack from any directory.
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function fromRoot(path: string): string {
  return resolve(repoRoot, path);
}
