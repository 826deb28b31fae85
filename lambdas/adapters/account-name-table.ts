import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountNameReservation, AccountNameReservations } from '../core/account-names';
import type { NameHolderKind } from '../core/guest-names';
import { keys } from './table-keys';

const ACCOUNT: NameHolderKind = 'account';
const GUEST: NameHolderKind = 'guest';

/**
 * Accounts' usernames as items `NAME#<skeleton>` of kind `account`, in the key space of the guests' holds
 * (guest-name-table.ts): one conditional put decides between a sign-up and a guest, or two sign-ups, racing for
 * look-alikes. The item has no `expiresAt`, so the table's TTL never deletes it and a guest's claim, whose
 * condition is "absent or expired", always fails on it (409 name_taken). It takes the skeleton when it is free, when
 * a guest's hold there has expired (TTL deletes late), or when it is already this username's: Cognito may call the
 * trigger again for one sign-up (it retries a trigger that did not answer in 5 seconds), and a sign-up that failed
 * after the trigger passed (Cognito's own checks, the code e-mail) may be tried again by the same username.
 */
export class AccountNameTable implements AccountNameReservations {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async reserve(reservation: AccountNameReservation, nowSeconds: number): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.nameHold(reservation.canonical), kind: ACCOUNT, name: reservation.username },
          ConditionExpression:
            'attribute_not_exists(pk) OR (#kind = :guest AND expiresAt <= :now) OR (#kind = :account AND #name = :name)',
          // By name: `name` is one of DynamoDB's reserved words, and `kind` is kept apart the same way.
          ExpressionAttributeNames: { '#kind': 'kind', '#name': 'name' },
          ExpressionAttributeValues: {
            ':guest': GUEST,
            ':account': ACCOUNT,
            ':now': nowSeconds,
            ':name': reservation.username,
          },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }
}
