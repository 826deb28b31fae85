import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdentityCheckDeps } from '../core/identity-check';
import { CognitoAccessTokens, userPoolFromEnv } from './cognito-verifier';
import { sessionLivenessOn } from './session-liveness';
import { tokenKeyFromEnv } from './token-key-from-env';

/**
 * The identity check's adapters for a function with the `tokenSecret` and `userPool` bindings: the guest key's
 * secret, the user pool's access-token verifier (keys fetched once per cold start), and the table's records of
 * who has signed out. Kept apart from from-env.ts so only the functions that check tokens bundle aws-jwt-verify.
 */
export function identityCheckFromEnv(access: {
  doc: DynamoDBDocumentClient;
  tableName: string;
}): IdentityCheckDeps {
  return {
    guestKey: tokenKeyFromEnv(),
    accounts: CognitoAccessTokens.forPool(userPoolFromEnv()),
    ...sessionLivenessOn(access),
  };
}
