import { fileURLToPath } from 'node:url';

/** The repository root, whatever the working directory. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
