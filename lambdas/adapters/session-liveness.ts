import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SessionLiveness } from '../core/session-check';
import { GuestNameTable } from './guest-name-table';
import { RevokedSignInTable } from './revoked-sign-in-table';

/** What says whether a session still lives: guests' name holds and accounts' revoked sign-ins, on the table. */
export function sessionLivenessOn(access: {
  doc: DynamoDBDocumentClient;
  tableName: string;
}): SessionLiveness {
  return {
    holds: new GuestNameTable(access.doc, access.tableName),
    revoked: new RevokedSignInTable(access.doc, access.tableName),
  };
}
