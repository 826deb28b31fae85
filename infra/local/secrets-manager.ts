/**
 * Local stand-in for AWS Secrets Manager, `GetSecretValue` only, over AWS JSON 1.1 (a small server of its own,
 * for `AWS_ENDPOINT_URL_SECRETS_MANAGER`). Secrets are configured by name or by ARN; either can be asked for.
 */
import { createHash } from 'node:crypto';
import { AwsJsonError, startAwsJsonServer } from './aws-json';
import { localCredentials, type RunningService } from './types';

export interface SecretsManagerOptions {
  /** Secret name or full ARN → SecretString. */
  secrets: Record<string, string>;
  port?: number;
}

interface StoredSecret {
  arn: string;
  name: string;
  value: string;
  versionId: string;
  createdDate: number;
}

const arnPattern = /^arn:aws[\w-]*:secretsmanager:[^:]*:\d*:secret:(.+)$/;

export function startSecretsManager(o: SecretsManagerOptions): Promise<RunningService> {
  const createdDate = Math.floor(Date.now() / 1000);
  const stored = Object.entries(o.secrets).map(([key, value]) => describeSecret(key, value, createdDate));

  const getSecretValue = (input: Record<string, unknown>) => {
    const id = input.SecretId;
    if (typeof id !== 'string' || id === '') {
      throw new AwsJsonError('InvalidParameterException', 'You must provide a SecretId.');
    }
    // AWS also accepts a partial ARN: the full one without its random 6-character suffix.
    const secret = stored.find((s) => s.name === id || s.arn === id || s.arn.slice(0, -7) === id);
    const stage = input.VersionStage;
    const version = input.VersionId;
    if (
      !secret ||
      (stage !== undefined && stage !== 'AWSCURRENT') ||
      (version !== undefined && version !== secret.versionId)
    ) {
      throw new AwsJsonError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      SecretString: secret.value,
      VersionId: secret.versionId,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: secret.createdDate,
    };
  };

  return startAwsJsonServer({
    operations: { 'secretsmanager.GetSecretValue': getSecretValue },
    // Only callers holding the local credentials may read a secret (the token-signing key is one).
    signing: { service: 'secretsmanager', credentials: localCredentials },
    port: o.port,
  });
}

/** Real secret ARNs end in `-` + 6 random characters; derive them (and the version id) from the name. */
function describeSecret(key: string, value: string, createdDate: number): StoredSecret {
  const fromArn = arnPattern.exec(key);
  const name = fromArn ? (fromArn[1] as string).replace(/-[A-Za-z0-9]{6}$/, '') : key;
  const hash = createHash('sha256').update(name).digest('hex');
  const { region, accountId } = localCredentials;
  const arn = fromArn
    ? key
    : `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${hash.slice(0, 6)}`;
  const v = hash.slice(6, 38);
  const versionId = `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
  return { arn, name, value, versionId, createdDate };
}
