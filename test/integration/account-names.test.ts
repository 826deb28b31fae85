/**
 * Issue 12, points 1 and 4 against the local cloud: an account's username is unique regardless of case, spaces,
 * `_`/`-` and look-alike characters, the bot's name is nobody's, and accounts and guests share one name space. The
 * real Cognito SDK client signs up through cognito-local, whose PreSignUp trigger is our function, run by the local
 * Lambda runner: a refused sign-up is `UserLambdaValidationException`, as on AWS.
 */
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  SignUpCommand,
  UserLambdaValidationException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud';
import { readOutbox } from '../../infra/local/cognito-local';
import { localCredentials } from '../../infra/local/types';
import { accountNamePendingSeconds } from '../../infra/spec';
import { canonicalName } from '../../lambdas/contract/canonical-name';
import { signUpRefusals } from '../../lambdas/contract/sign-up';
import { api, signIn, startTestCloud, tableClient } from './harness';

const password = 'Correct-horse-1';
const nameTaken = { status: 409, body: { error: { code: 'name_taken', message: expect.any(String) } } };

let cloud: LocalCloud;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  cloud = await startTestCloud();
  cognito = new CognitoIdentityProviderClient({
    endpoint: cloud.auth.endpoint,
    region: cloud.auth.region,
    credentials: localCredentials,
  });
});

afterAll(async () => {
  cognito?.destroy();
  await cloud?.stop();
});

function signUp(username: string) {
  return cognito.send(
    new SignUpCommand({
      ClientId: cloud.auth.userPoolClientId,
      Username: username,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: 'someone@example.com' }],
    }),
  );
}

/** The error a refused sign-up gets: Cognito's, naming the trigger and giving our message. */
async function refusalOf(username: string): Promise<UserLambdaValidationException> {
  const err = await signUp(username).then(
    () => new Error(`${username} was signed up`),
    (e: unknown) => e,
  );
  if (!(err instanceof UserLambdaValidationException)) throw err;
  return err;
}

const refusedAs = (message: string) => `PreSignUp failed with error ${message}.`;

async function userExists(username: string): Promise<boolean> {
  try {
    await cognito.send(new AdminGetUserCommand({ UserPoolId: cloud.auth.userPoolId, Username: username }));
    return true;
  } catch (err) {
    if (err instanceof Error && err.name === 'UserNotFoundException') return false;
    throw err;
  }
}

async function nameItem(name: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await tableClient(cloud).send(
    new GetCommand({
      TableName: cloud.tableName,
      Key: { pk: `NAME#${canonicalName(name)}`, sk: 'NAME' },
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('an account username', () => {
  beforeAll(async () => {
    await signUp('Alice');
  });

  it("is reserved by its sign-up until the e-mail code expires: one item of kind account under the name's skeleton", async () => {
    const item = await nameItem('Alice');
    expect(item).toEqual({
      pk: 'NAME#allce',
      sk: 'NAME',
      kind: 'account',
      name: 'Alice',
      expiresAt: expect.any(Number),
    });
    const left = Number(item?.expiresAt) - Math.floor(Date.now() / 1000);
    expect(left).toBeGreaterThan(accountNamePendingSeconds - 120);
    expect(left).toBeLessThanOrEqual(accountNamePendingSeconds);
  });

  it.each(['alice', 'ALICE', 'A1ice', 'aIice', 'a_lice', 'A-L-I-C-E'])(
    'refuses the sign-up of %s with UserLambdaValidationException "That name is taken", and creates no user',
    async (lookAlike) => {
      const err = await refusalOf(lookAlike);
      expect(err.message).toBe(refusedAs(signUpRefusals.taken));
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(await userExists(lookAlike)).toBe(false);
    },
  );

  it('refuses a username that is no name (a space: AWS refuses it before the trigger; cognito-local does not)', async () => {
    const err = await refusalOf('a lice');
    expect(err.message).toBe(refusedAs(signUpRefusals.invalid));
    expect(await userExists('a lice')).toBe(false);
  });

  it.each(['ALICE', 'aIice', 'Alice', 'a-lice'])(
    'keeps a guest asking for %s out: 409 name_taken',
    async (name) => {
      expect(await api(cloud, 'POST', '/sessions', { body: { name } })).toEqual(nameTaken);
    },
  );

  it("is Cognito's own answer for the same username again (the trigger lets it through, Cognito refuses)", async () => {
    await expect(signUp('Alice')).rejects.toBeInstanceOf(UsernameExistsException);
    expect((await nameItem('Alice'))?.name).toBe('Alice');
  });

  it('stays reserved while the sign-up is never confirmed, as Cognito keeps the unconfirmed user', async () => {
    await signUp('carol');
    expect(await userExists('carol')).toBe(true);
    expect(await api(cloud, 'POST', '/sessions', { body: { name: 'Caro1' } })).toEqual(nameTaken);
    expect((await refusalOf('CAROL')).message).toBe(refusedAs(signUpRefusals.taken));
  });
});

/** As if the confirmation code's 24 hours had passed: the reservation's expiry is behind us, TTL has not deleted it. */
async function expireReservation(name: string): Promise<void> {
  await tableClient(cloud).send(
    new UpdateCommand({
      TableName: cloud.tableName,
      Key: { pk: `NAME#${canonicalName(name)}`, sk: 'NAME' },
      UpdateExpression: 'SET expiresAt = :past',
      ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
    }),
  );
}

async function codeFor(username: string): Promise<string> {
  const code = (await readOutbox(cloud.outboxFile)).filter((m) => m.username === username).at(-1)?.code;
  if (!code) throw new Error(`no code in the outbox for ${username}`);
  return code;
}

function adminConfirm(username: string) {
  return cognito.send(
    new AdminConfirmSignUpCommand({ UserPoolId: cloud.auth.userPoolId, Username: username }),
  );
}

describe('a sign-up never confirmed', () => {
  it('frees its name once the reservation expires (before TTL deletes it): a guest takes it, a look-alike sign-up too', async () => {
    await signUp('dora');
    expect(await api(cloud, 'POST', '/sessions', { body: { name: 'Dora' } })).toEqual(nameTaken);
    await expireReservation('dora');
    expect((await api(cloud, 'POST', '/sessions', { body: { name: 'Dora' } })).status).toBe(201);
    expect(await nameItem('dora')).toMatchObject({ kind: 'guest', name: 'Dora' });

    await signUp('ezra');
    await expireReservation('ezra');
    await signUp('e-z-r-a');
    expect(await nameItem('ezra')).toMatchObject({ kind: 'account', name: 'e-z-r-a' });
  });

  it("does not take the name back when confirmed late (PostConfirmation finds it another's)", async () => {
    await signUp('fern');
    await expireReservation('fern');
    const guest = await signIn(cloud, 'Fern');
    await cognito.send(
      new ConfirmSignUpCommand({
        ClientId: cloud.auth.userPoolClientId,
        Username: 'fern',
        ConfirmationCode: await codeFor('fern'),
      }),
    );
    // cognito-local logs the trigger's refusal and confirms anyway; Cognito answers UserLambdaValidationException.
    expect(await nameItem('fern')).toMatchObject({ kind: 'guest', name: 'Fern' });
    expect((await api(cloud, 'GET', '/rooms', { token: guest })).status).toBe(200);
  });
});

describe('a confirmed sign-up', () => {
  it('keeps its name for good once the e-mail code confirms it (PostConfirmation): no expiry, guests refused', async () => {
    await signUp('gwen');
    await cognito.send(
      new ConfirmSignUpCommand({
        ClientId: cloud.auth.userPoolClientId,
        Username: 'gwen',
        ConfirmationCode: await codeFor('gwen'),
      }),
    );
    expect(await nameItem('gwen')).toEqual({ pk: 'NAME#gwen', sk: 'NAME', kind: 'account', name: 'gwen' });
    expect(await api(cloud, 'POST', '/sessions', { body: { name: 'Gwen' } })).toEqual(nameTaken);
    // Nor does a new sign-up of the same username give it an expiry.
    await expect(signUp('gwen')).rejects.toThrow();
    expect(await nameItem('gwen')).not.toHaveProperty('expiresAt');
  });

  it('does the same after AdminConfirmSignUp, which runs PostConfirmation as on AWS', async () => {
    await signUp('hugo');
    await adminConfirm('hugo');
    expect(await nameItem('hugo')).toEqual({ pk: 'NAME#hugo', sk: 'NAME', kind: 'account', name: 'hugo' });
  });

  it('a confirmed name stays taken even when its reservation had expired before confirmation, if nobody took it', async () => {
    await signUp('ines');
    await expireReservation('ines');
    await adminConfirm('ines');
    expect(await nameItem('ines')).toEqual({
      pk: `NAME#${canonicalName('ines')}`,
      sk: 'NAME',
      kind: 'account',
      name: 'ines',
    });
  });
});

describe("the bot's name", () => {
  it.each(['Pyro', 'pyro', 'Pyr0', 'PYRO', 'P_y-r_o'])(
    'is nobody\'s account: %s is refused "That name is reserved for Pyro"',
    async (name) => {
      const err = await refusalOf(name);
      expect(err.message).toBe(refusedAs(signUpRefusals.reserved));
      expect(await userExists(name)).toBe(false);
    },
  );
});

describe('a name a guest holds', () => {
  it('refuses the sign-up of that name while the guest holds it, and lets it through once the guest signs out', async () => {
    const token = await signIn(cloud, 'bob');
    expect((await refusalOf('Bob')).message).toBe(refusedAs(signUpRefusals.taken));
    expect((await refusalOf('B0b')).message).toBe(refusedAs(signUpRefusals.taken));
    expect(await userExists('Bob')).toBe(false);

    expect((await api(cloud, 'DELETE', '/sessions/current', { token })).status).toBe(204);
    await signUp('Bob');
    expect(await userExists('Bob')).toBe(true);
    expect(await nameItem('bob')).toMatchObject({ pk: 'NAME#bob', sk: 'NAME', kind: 'account', name: 'Bob' });
    // And now the guest cannot have it back.
    expect(await api(cloud, 'POST', '/sessions', { body: { name: 'bob' } })).toEqual(nameTaken);
  });

  it("lets the sign-up through once the guest's session has expired, before TTL has deleted its hold", async () => {
    await signIn(cloud, 'dave');
    // As if 12 hours had passed: the hold's expiry is behind us, DynamoDB's TTL has not deleted it yet.
    await tableClient(cloud).send(
      new UpdateCommand({
        TableName: cloud.tableName,
        Key: { pk: `NAME#${canonicalName('dave')}`, sk: 'NAME' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    await signUp('Dave');
    expect(await nameItem('dave')).toMatchObject({ kind: 'account', name: 'Dave' });
  });
});
