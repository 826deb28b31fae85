import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CodeMismatchException,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  InvalidParameterException,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CognitoLocal,
  outboxPath,
  readOutbox,
  startCognitoLocal,
} from '../../../infra/local/cognito-local';
import { localCredentials } from '../../../infra/local/types';

let dir: string;
let cognito: CognitoLocal;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chatty-resend-'));
  cognito = await startCognitoLocal({ dataDir: join(dir, 'cognito'), outboxFile: outboxPath(dir) });
  client = new CognitoIdentityProviderClient({
    endpoint: cognito.auth.endpoint,
    region: cognito.auth.region,
    credentials: localCredentials,
  });
});

afterAll(async () => {
  client?.destroy();
  await cognito?.close();
  await rm(dir, { recursive: true, force: true });
});

const codes = async (username: string) =>
  (await readOutbox(outboxPath(dir))).filter((m) => m.username === username).map((m) => m.code);

describe('ResendConfirmationCode in the local Cognito emulator (cognito-local lacks it)', () => {
  it('sends a new code to the outbox; only the newest confirms the account', async () => {
    const ClientId = cognito.auth.userPoolClientId;
    await client.send(
      new SignUpCommand({
        ClientId,
        Username: 'ada',
        Password: 'Correct-horse-1',
        UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }],
      }),
    );
    const resent = await client.send(new ResendConfirmationCodeCommand({ ClientId, Username: 'ada' }));
    expect(resent.CodeDeliveryDetails).toEqual({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: 'ada@example.com',
    });
    const [first, second] = await codes('ada');
    expect(second).toMatch(/^\d{6}$/);
    if (first !== second)
      await expect(
        client.send(new ConfirmSignUpCommand({ ClientId, Username: 'ada', ConfirmationCode: first })),
      ).rejects.toBeInstanceOf(CodeMismatchException);
    await client.send(new ConfirmSignUpCommand({ ClientId, Username: 'ada', ConfirmationCode: second }));

    // As AWS answers: nothing to resend for a confirmed account, nor for an unknown one.
    await expect(
      client.send(new ResendConfirmationCodeCommand({ ClientId, Username: 'ada' })),
    ).rejects.toThrow(InvalidParameterException);
    await expect(
      client.send(new ResendConfirmationCodeCommand({ ClientId, Username: 'nobody' })),
    ).rejects.toBeInstanceOf(UserNotFoundException);
    expect(await codes('ada')).toHaveLength(2);
  });
});
