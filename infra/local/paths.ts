import { fileURLToPath } from 'node:url';

/** The repository root, whatever the working directory. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** An absolute path from one relative to the repository root. */
export function fromRoot(relative: string): string {
  return fileURLToPath(new URL(relative, new URL('../../', import.meta.url)));
}
