import { readFileSync } from 'node:fs';

/** The documents' `info.version`: the package's, as the deployed functions report it in `/health`. */
export const appVersion: string = readVersion();

function readVersion(): string {
  const parsed: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  if (
    typeof parsed === 'object' &&
    parsed !== null &&
    'version' in parsed &&
    typeof parsed.version === 'string'
  ) {
    return parsed.version;
  }
  throw new Error('infra/api-docs: package.json has no version');
}
