import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PreSignUpTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountNameTable } from '../../../../lambdas/adapters/account-name-table';
import { makePreSignUpHandler } from '../../../../lambdas/cognito/pre-sign-up.handler';
import { SignUpRefused } from '../../../../lambdas/core/account-names';

const ddb = mockClient(DynamoDBDocumentClient);
const NOW_MS = 1_714_564_800_750;
const handler = makePreSignUpHandler({
  names: new AccountNameTable(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    'chatty',
  ),
  clock: { now: () => NOW_MS },
  pendingSeconds: 86_400,
});

/** The event Cognito sends for SignUp (Developer Guide, "Pre sign-up Lambda trigger"). */
function signUpEvent(userName: string): PreSignUpTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_EXAMPLE',
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
    triggerSource: 'PreSignUp_SignUp',
    request: { userAttributes: { email: `${userName}@example.com` }, validationData: {} },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  };
}

beforeEach(() => ddb.reset());

describe('the PreSignUp trigger', () => {
  it("reserves the username's skeleton and returns the event unchanged: the e-mail code still confirms", async () => {
    ddb.on(PutCommand).resolves({});
    const event = signUpEvent('Alice');
    expect(await handler(event)).toEqual(signUpEvent('Alice'));
    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    // Pending until the e-mail code would expire: PostConfirmation makes it permanent.
    expect(input?.Item).toEqual({
      pk: 'NAME#allce',
      sk: 'NAME',
      kind: 'account',
      name: 'Alice',
      expiresAt: 1_714_564_800 + 86_400,
    });
    // Whole seconds, as the guests' holds keep their expiry.
    expect(input?.ExpressionAttributeValues?.[':now']).toBe(1_714_564_800);
  });

  it('refuses a name another account or a live guest holds: Cognito shows "That name is taken"', async () => {
    ddb
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const refused = handler(signUpEvent('A1ice'));
    await expect(refused).rejects.toBeInstanceOf(SignUpRefused);
    await expect(refused).rejects.toThrow(/^That name is taken$/);
  });

  it("refuses the bot's name and its look-alikes without touching the table", async () => {
    for (const name of ['Pyro', 'pyro', 'Pyr0']) {
      await expect(handler(signUpEvent(name))).rejects.toThrow('That name is reserved for Pyro');
    }
    expect(ddb.commandCalls(PutCommand)).toEqual([]);
  });

  it('does the same for an account an administrator creates (PreSignUp_AdminCreateUser)', async () => {
    ddb.on(PutCommand).resolves({});
    const event = { ...signUpEvent('Bob'), triggerSource: 'PreSignUp_AdminCreateUser' as const };
    expect(await handler(event)).toEqual(event);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item?.pk).toBe('NAME#bob');
  });

  it('fails (not a refusal) when the table cannot be written, so Cognito answers UserLambdaValidationException with the cause', async () => {
    ddb.on(PutCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'ProvisionedThroughputExceededException',
        $metadata: {},
      }),
    );
    const failed = handler(signUpEvent('Carol'));
    await expect(failed).rejects.not.toBeInstanceOf(SignUpRefused);
    await expect(failed).rejects.toThrow('ProvisionedThroughputExceededException');
  });
});
