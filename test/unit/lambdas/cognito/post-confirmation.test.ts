import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountNameTable } from '../../../../lambdas/adapters/account-name-table';
import { makePostConfirmationHandler } from '../../../../lambdas/cognito/post-confirmation.handler';
import { SignUpRefused } from '../../../../lambdas/core/account-names';

const ddb = mockClient(DynamoDBDocumentClient);
const NOW_MS = 1_714_564_800_750;
const handler = makePostConfirmationHandler({
  names: new AccountNameTable(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
    'chatty',
  ),
  clock: { now: () => NOW_MS },
});

/** The event Cognito sends once a sign-up is confirmed (Developer Guide, "Post confirmation Lambda trigger"). */
function confirmedEvent(
  userName: string,
  triggerSource: PostConfirmationTriggerEvent['triggerSource'] = 'PostConfirmation_ConfirmSignUp',
): PostConfirmationTriggerEvent {
  return {
    version: '1',
    region: 'us-east-1',
    userPoolId: 'us-east-1_EXAMPLE',
    userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
    triggerSource,
    request: { userAttributes: { email: `${userName}@example.com`, 'cognito:user_status': 'CONFIRMED' } },
    response: {},
  };
}

beforeEach(() => ddb.reset());

describe('the PostConfirmation trigger', () => {
  it("makes the username's reservation permanent (no expiresAt) and returns the event unchanged", async () => {
    ddb.on(PutCommand).resolves({});
    expect(await handler(confirmedEvent('Alice'))).toEqual(confirmedEvent('Alice'));
    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.Item).toEqual({ pk: 'NAME#allce', sk: 'NAME', kind: 'account', name: 'Alice' });
    expect(input?.ExpressionAttributeValues?.[':now']).toBe(1_714_564_800);
  });

  it('changes no name for a confirmed password reset', async () => {
    const event = confirmedEvent('Alice', 'PostConfirmation_ConfirmForgotPassword');
    expect(await handler(event)).toEqual(event);
    expect(ddb.commandCalls(PutCommand)).toEqual([]);
  });

  it('refuses when someone took the name after the reservation expired: "That name is taken"', async () => {
    ddb
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    const refused = handler(confirmedEvent('Alice'));
    await expect(refused).rejects.toBeInstanceOf(SignUpRefused);
    await expect(refused).rejects.toThrow(/^That name is taken$/);
  });

  it('fails (not a refusal) when the table cannot be written', async () => {
    ddb.on(PutCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'ProvisionedThroughputExceededException',
        $metadata: {},
      }),
    );
    await expect(handler(confirmedEvent('Carol'))).rejects.not.toBeInstanceOf(SignUpRefused);
  });
});
