import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { startSecretsManager } from '../../../infra/local/secrets-manager';
import { localCredentials, type RunningService } from '../../../infra/local/types';

const configuredArn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:chatty/omdb-key-AbC123';

let server: RunningService | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = localCredentials,
) {
  server = await startSecretsManager({
    secrets: { 'chatty/token-secret': 'token-signing-key', [configuredArn]: 'omdb-123' },
  });
  return new SecretsManagerClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials,
    maxAttempts: 1,
  });
}

describe('startSecretsManager', () => {
  it('returns a secret asked for by name with the GetSecretValue fields', async () => {
    const client = await start();
    const out = await client.send(new GetSecretValueCommand({ SecretId: 'chatty/token-secret' }));
    expect(out).toMatchObject({
      ARN: expect.stringMatching(
        /^arn:aws:secretsmanager:us-east-1:000000000000:secret:chatty\/token-secret-\w{6}$/,
      ),
      Name: 'chatty/token-secret',
      SecretString: 'token-signing-key',
      VersionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      VersionStages: ['AWSCURRENT'],
    });
    expect(out.CreatedDate).toBeInstanceOf(Date);
  });

  it('finds a secret by its full ARN, its partial ARN, or the name inside a configured ARN', async () => {
    const client = await start();
    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'chatty/token-secret' }));
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: byName.ARN }));
    expect(byArn.SecretString).toBe('token-signing-key');

    const configured = await client.send(new GetSecretValueCommand({ SecretId: configuredArn }));
    expect(configured).toMatchObject({
      ARN: configuredArn,
      Name: 'chatty/omdb-key',
      SecretString: 'omdb-123',
    });
    const partial = await client.send(new GetSecretValueCommand({ SecretId: configuredArn.slice(0, -7) }));
    expect(partial.SecretString).toBe('omdb-123');
    const named = await client.send(new GetSecretValueCommand({ SecretId: 'chatty/omdb-key' }));
    expect(named.SecretString).toBe('omdb-123');
  });

  it('throws the SDK ResourceNotFoundException for an unknown secret', async () => {
    const client = await start();
    const error = await client.send(new GetSecretValueCommand({ SecretId: 'nope' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({
      message: "Secrets Manager can't find the specified secret.",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses an unsigned call with MissingAuthenticationTokenException, so no web page can read the token key', async () => {
    await start();
    const res = await fetch(`${server?.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body: JSON.stringify({ SecretId: 'chatty/token-secret' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it('refuses other credentials with the SDK exceptions AWS gives', async () => {
    const stranger = await start({ accessKeyId: 'AKIASOMEONEELSE00000', secretAccessKey: 'x' });
    const unknownKey = await stranger
      .send(new GetSecretValueCommand({ SecretId: 'chatty/token-secret' }))
      .catch((e: unknown) => e);
    expect(unknownKey).toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 400 },
    });
    await server?.close();
    const wrongSecret = await start({ ...localCredentials, secretAccessKey: 'guessed' });
    const mismatch = await wrongSecret
      .send(new GetSecretValueCommand({ SecretId: 'chatty/token-secret' }))
      .catch((e: unknown) => e);
    expect(mismatch).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 400 } });
  });

  it('knows only the AWSCURRENT stage', async () => {
    const client = await start();
    await expect(
      client.send(
        new GetSecretValueCommand({ SecretId: 'chatty/token-secret', VersionStage: 'AWSPREVIOUS' }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
