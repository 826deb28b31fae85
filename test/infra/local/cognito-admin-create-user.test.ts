import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  UserLambdaValidationException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CognitoLocal, outboxPath, startCognitoLocal } from '../../../infra/local/cognito-local';
import { FunctionError, type Invoke, localCredentials } from '../../../infra/local/types';

let dir: string;
let cognito: CognitoLocal;
let client: CognitoIdentityProviderClient;
const events: Record<string, unknown>[] = [];

/** A PreSignUp trigger that refuses the bot's name and lets every other through. */
const invoke: Invoke = async (_name, payload) => {
  const event = payload as Record<string, unknown>;
  events.push(event);
  if (event.userName === 'Pyro') throw new FunctionError('SignUpRefused', 'That name is reserved for Pyro');
  return event;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chatty-admin-create-'));
  cognito = await startCognitoLocal({
    dataDir: join(dir, 'cognito'),
    outboxFile: outboxPath(dir),
    triggers: { invoke, preSignUp: 'PreSignUp', postConfirmation: 'PostConfirmation' },
  });
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

const create = (Username: string) =>
  client.send(
    new AdminCreateUserCommand({
      UserPoolId: cognito.auth.userPoolId,
      Username,
      UserAttributes: [{ Name: 'email', Value: `${Username.toLowerCase()}@example.com` }],
      MessageAction: 'SUPPRESS',
    }),
  );

describe('AdminCreateUser in the local Cognito emulator (cognito-local calls PreSignUp from SignUp only)', () => {
  it('runs the PreSignUp trigger as AWS does: a refused name makes no user', async () => {
    await expect(create('Pyro')).rejects.toBeInstanceOf(UserLambdaValidationException);
    await expect(create('Pyro')).rejects.toThrow(
      'PreSignUp failed with error That name is reserved for Pyro.',
    );
    await expect(
      client.send(new AdminGetUserCommand({ UserPoolId: cognito.auth.userPoolId, Username: 'Pyro' })),
    ).rejects.toBeInstanceOf(UserNotFoundException);
    expect(events.at(-1)).toMatchObject({
      triggerSource: 'PreSignUp_AdminCreateUser',
      userName: 'Pyro',
      userPoolId: cognito.auth.userPoolId,
      callerContext: expect.objectContaining({ clientId: 'CLIENT_ID_NOT_APPLICABLE' }),
      request: expect.objectContaining({ userAttributes: { email: 'pyro@example.com' } }),
    });
  });

  it('creates a user the trigger lets through; an existing username is UsernameExistsException, the trigger not asked', async () => {
    const created = await create('Ada');
    expect(created.User?.Username).toBe('Ada');
    const asked = events.length;
    await expect(create('Ada')).rejects.toBeInstanceOf(UsernameExistsException);
    expect(events).toHaveLength(asked);
  });
});
