import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountNameReservation, AccountNameReservations } from '../core/account-names';
import type { NameHolderKind } from '../core/guest-names';
import { keys } from './table-keys';

const ACCOUNT: NameHolderKind = 'account';

/**
 * Accounts' usernames as items `NAME#<skeleton>` of kind `account`, in the key space of the guests' holds
 * (guest-name-table.ts): one conditional put decides between a sign-up and a guest, or two sign-ups, racing for
 * look-alikes. PreSignUp's reservation has an `expiresAt` (the table's TTL attribute) as long as the e-mail code is
 * valid: until then a guest's claim, whose condition is "absent or expired", fails on it (409 name_taken); after it,
 * the name is free though DynamoDB deletes the item late. PostConfirmation puts it again without `expiresAt`, and then
 * it stays for good.
 *
 * A reservation takes the skeleton when it is free, when the hold there has expired (a guest's, or a sign-up never
 * confirmed), or when it is this username's pending one: Cognito may call the trigger again for one sign-up (it
 * retries a trigger that did not answer in 5 seconds), and a sign-up that failed after the trigger passed (Cognito's
 * own checks, the code e-mail) may be tried again by the same username. Never over a confirmed one, even this
 * username's: that would give a confirmed name an expiry.
 */
export class AccountNameTable implements AccountNameReservations {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  reserve(reservation: AccountNameReservation, nowSeconds: number, expiresAt: number): Promise<boolean> {
    return this.put(
      { ...this.item(reservation), expiresAt },
      'attribute_not_exists(pk) OR expiresAt <= :now OR (#kind = :account AND #name = :name AND attribute_exists(expiresAt))',
      reservation,
      nowSeconds,
    );
  }

  confirm(reservation: AccountNameReservation, nowSeconds: number): Promise<boolean> {
    // This username's, pending or already confirmed (Cognito retries a trigger), or free again.
    return this.put(
      this.item(reservation),
      'attribute_not_exists(pk) OR expiresAt <= :now OR (#kind = :account AND #name = :name)',
      reservation,
      nowSeconds,
    );
  }

  private item(reservation: AccountNameReservation): Record<string, unknown> {
    return { ...keys.nameHold(reservation.canonical), kind: ACCOUNT, name: reservation.username };
  }

  private async put(
    item: Record<string, unknown>,
    condition: string,
    reservation: AccountNameReservation,
    nowSeconds: number,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: condition,
          // By name: `name` is one of DynamoDB's reserved words, and `kind` is kept apart the same way.
          ExpressionAttributeNames: { '#kind': 'kind', '#name': 'name' },
          ExpressionAttributeValues: {
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
