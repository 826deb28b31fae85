import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usageLimits } from '../../../../infra/spec';
import { KindRateLimiter, messageRateFromEnv } from '../../../../lambdas/adapters/message-rate';
import { identityKey, kindOfKey } from '../../../../lambdas/core/identity';
import type { RateLimiter } from '../../../../lambdas/core/ports';

const ddb = mockClient(DynamoDBDocumentClient);
const table = {
  doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
  tableName: 'chatty',
};
const NOW = 1_714_564_800_000;
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

function recording(): RateLimiter & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    tryTake: async (key) => {
      keys.push(key);
      return true;
    },
  };
}

describe('KindRateLimiter', () => {
  it('asks the limiter of the kind the identity key names; any other key is a guest’s (the lower limit)', async () => {
    const account = recording();
    const guest = recording();
    const limiter = new KindRateLimiter({ account, guest });
    await limiter.tryTake(identityKey('send', { kind: 'account', id: 'ada' }), NOW);
    await limiter.tryTake(identityKey('act', { kind: 'guest', id: 'account' }), NOW);
    await limiter.tryTake('send#ada', NOW);
    expect(account.keys).toEqual(['send#account#ada']);
    expect(guest.keys).toEqual(['act#guest#account', 'send#ada']);
    expect(kindOfKey('rooms#account#x')).toBe('account');
  });
});

describe('messageRateFromEnv', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    ddb.reset();
    Object.assign(process.env, {
      LIMIT_MESSAGE_BURST_ACCOUNT: usageLimits.LIMIT_MESSAGE_BURST_ACCOUNT,
      LIMIT_MESSAGE_BURST_GUEST: usageLimits.LIMIT_MESSAGE_BURST_GUEST,
      LIMIT_MESSAGE_INTERVAL_MS: usageLimits.LIMIT_MESSAGE_INTERVAL_MS,
    });
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('gives a guest a smaller burst than an account (the spec’s defaults: 3 and 5, then one a second)', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const limiter = messageRateFromEnv(table);
    await limiter.tryTake('send#guest#bo', NOW);
    await limiter.tryTake('send#account#ada', NOW);
    // The second (burst) update's condition carries the bucket's depth: (burst − 1) × interval past now.
    const limits = ddb
      .commandCalls(UpdateCommand)
      .filter((c) => c.args[0].input.ConditionExpression?.includes(':limitAt'))
      .map((c) => [c.args[0].input.Key?.pk, c.args[0].input.ExpressionAttributeValues?.[':limitAt']]);
    expect(limits).toEqual([
      ['RATE#send#guest#bo', NOW + 2 * 1000],
      ['RATE#send#account#ada', NOW + 4 * 1000],
    ]);
  });

  it('fails the cold start naming a missing setting', () => {
    delete process.env.LIMIT_MESSAGE_BURST_GUEST;
    expect(() => messageRateFromEnv(table)).toThrow('LIMIT_MESSAGE_BURST_GUEST');
  });
});
