import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Reads a secret once per cold start and keeps the promise, so concurrent first requests share one call.
 * A failed read is not cached: the next request tries again.
 */
export function cachedSecret(client: SecretsManagerClient, secretId: string): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= client
      .send(new GetSecretValueCommand({ SecretId: secretId }))
      .then((out) => {
        if (!out.SecretString) throw new Error(`Secret ${secretId} has no string value`);
        return out.SecretString;
      })
      // A catch after the then (not its second argument), so a secret without a string value is not cached either.
      .catch((err: unknown) => {
        pending = undefined;
        throw err;
      });
    return pending;
  };
}
