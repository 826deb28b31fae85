import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SessionSockets } from '../core/sign-out';
import { keys } from './table-keys';

/** BatchGetItem rounds in all before giving up on keys DynamoDB keeps leaving unprocessed. */
const MAX_ROUNDS = 6;
/** The wait before round n+1: 50 ms doubling (50, 100, 200, 400, 800), each with full jitter. */
const BASE_BACKOFF_MS = 50;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A session's sockets without a Scan: the identity's socket slots item (adapters/socket-slot-table.ts) lists its
 * connection ids (at most LIMIT_SOCKETS_PER_IDENTITY_ACCOUNT or _GUEST), and each connection record names the
 * session that opened it (`sessionId`, from the authorizer's context). One GetItem and one BatchGetItem per sign-out.
 */
export class SessionSocketTable implements SessionSockets {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
    private readonly random: () => number = Math.random,
  ) {}

  async socketsOf(slotsKey: string, sessionId: string): Promise<string[]> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.socketSlots(slotsKey), ConsistentRead: true }),
    );
    const slots: unknown = Item?.slots;
    if (typeof slots !== 'object' || slots === null) return [];
    const ids = Object.keys(slots);
    if (ids.length === 0) return [];
    const found: string[] = [];
    // BatchGetItem takes 100 keys; a slots item holds far fewer. DynamoDB leaves keys unprocessed when the table
    // is throttled (or the answer is too big): AWS asks for them again after an exponential backoff, not at once,
    // which would only meet the same throttle. A bounded number of rounds, then the sign-out fails (a 500), its
    // revocation standing.
    let pending: Record<string, unknown>[] | undefined = ids.map((id) => keys.connection(id));
    for (let round = 1; pending && pending.length > 0; round++) {
      if (round > MAX_ROUNDS) {
        throw new Error(
          `BatchGetItem left ${pending.length} connection(s) unprocessed after ${MAX_ROUNDS} rounds`,
        );
      }
      if (round > 1) await this.sleep(this.random() * BASE_BACKOFF_MS * 2 ** (round - 2));
      const answer: BatchGetCommandOutput = await this.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: 'connectionId, sessionId',
            },
          },
        }),
      );
      for (const item of answer.Responses?.[this.tableName] ?? []) {
        if (item.sessionId === sessionId && typeof item.connectionId === 'string')
          found.push(item.connectionId);
      }
      pending = answer.UnprocessedKeys?.[this.tableName]?.Keys;
    }
    return found.sort();
  }
}
