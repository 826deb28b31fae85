import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { requireEnv } from './config';
import { cachedSecret } from './secrets';

/**
 * The guest-token signing key for a function's composition root (see from-env.ts).
 * Its own module because esbuild keeps an external package's import in a bundle even when nothing uses what it
 * imports (it cannot know the package has no side effects), and each SDK client costs a cold start 50-115 ms to
 * load: a function must import only the builders of the clients it uses (bench: cold starts).
 */

/** The key that signs guest tokens, read from its secret once and then cached. */
export type TokenKey = () => Promise<string>;

export function tokenKeyFromEnv(): TokenKey {
  return cachedSecret(new SecretsManagerClient({}), requireEnv('TOKEN_SECRET_ARN'));
}
