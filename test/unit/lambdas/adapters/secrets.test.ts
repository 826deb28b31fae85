import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cachedSecret } from '../../../../lambdas/adapters/secrets';

const secrets = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'us-east-1' });
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token-key';

describe('cachedSecret', () => {
  beforeEach(() => secrets.reset());

  it('reads the secret string once and serves it from then on', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'k1' });
    const read = cachedSecret(client, ARN);
    expect(await read()).toBe('k1');
    expect(await read()).toBe('k1');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: ARN });
  });

  it('shares one call between concurrent first reads', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'k1' });
    const read = cachedSecret(client, ARN);
    expect(await Promise.all([read(), read(), read()])).toEqual(['k1', 'k1', 'k1']);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('does not cache a failed read: the next read tries again', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(
        new ResourceNotFoundException({ message: 'no such secret', $metadata: { httpStatusCode: 400 } }),
      )
      .resolves({ SecretString: 'k2' });
    const read = cachedSecret(client, ARN);
    await expect(read()).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(await read()).toBe('k2');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses a secret without a string value, and reads again next time', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretBinary: new Uint8Array([1]) })
      .resolves({ SecretString: 'k3' });
    const read = cachedSecret(client, ARN);
    await expect(read()).rejects.toThrow(/has no string value/);
    expect(await read()).toBe('k3');
  });
});
