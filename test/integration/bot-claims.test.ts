import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoDbLocal, ensureTable, startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { functionByName, table } from '../../infra/spec';
import { BotTable } from '../../lambdas/adapters/bot-table';

/**
 * The bot's reply claims against DynamoDB Local, so the condition expression itself is what is tested. The times
 * are Lambda's: the Bot function's timeout, and the minute Lambda waits before retrying a failed async invocation.
 */
const timeoutMs = functionByName('Bot').timeoutSeconds * 1000;
const firstRetryAfterMs = 60_000;
const start = Date.parse('2026-05-01T12:00:00.000Z');

let db: DynamoDbLocal;
let bot: BotTable;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  db = await startDynamoDbLocal({ dataDir: null });
  await ensureTable(db.client, 'claims', table);
  doc = DynamoDBDocumentClient.from(db.client);
  bot = new BotTable(doc, 'claims');
});

afterAll(async () => {
  await db?.close();
});

/** An invocation starting `at`, which may run until its timeout. */
const claimAt = (key: string, at: number) => bot.claim(key, at, at + timeoutMs);

describe('the bot’s reply claims', () => {
  it('refuse a duplicate delivered while the first invocation may still be running', async () => {
    expect(await claimAt('message#running', start)).toBe(true);
    expect(await claimAt('message#running', start + 1_000)).toBe(false);
    expect(await claimAt('message#running', start + timeoutMs - 1)).toBe(false);
  });

  it('let Lambda’s retry after a timeout answer: the lease ends with the timed-out invocation', async () => {
    expect(await claimAt('message#timed-out', start)).toBe(true);
    // The function timed out at start + timeoutMs without releasing anything; Lambda retries a minute later.
    expect(await claimAt('message#timed-out', start + timeoutMs + firstRetryAfterMs)).toBe(true);
    // …and that retry's own claim holds against a duplicate in turn.
    expect(await claimAt('message#timed-out', start + timeoutMs + firstRetryAfterMs + 10)).toBe(false);
  });

  it('let a retry after a function error answer at once, since the failed invocation released its claim', async () => {
    expect(await claimAt('message#failed', start)).toBe(true);
    await bot.release('message#failed');
    expect(await claimAt('message#failed', start + 10)).toBe(true);
  });

  it('never let an answered event be answered again, however late the duplicate', async () => {
    expect(await claimAt('message#answered', start)).toBe(true);
    await bot.markAnswered('message#answered');
    expect(await claimAt('message#answered', start + 24 * 60 * 60 * 1000)).toBe(false);
  });

  it('let the retry of a welcome that timed out still welcome, while another event for the same person does not', async () => {
    const at = Math.floor(start / 1000);
    expect(await bot.firstWelcomeWithin('lobby', 'Ada', at, 3600, 'joined#e1')).toBe(true);
    // e1 timed out before posting (its welcome never forgotten); Lambda retries it 75 s later.
    expect(await bot.firstWelcomeWithin('lobby', 'Ada', at + 75, 3600, 'joined#e1')).toBe(true);
    expect(await bot.firstWelcomeWithin('lobby', 'ADA', at + 80, 3600, 'joined#e2')).toBe(false);
  });

  it('treat a claim written with the older seconds lease as expired', async () => {
    await doc.send(
      new PutCommand({
        TableName: 'claims',
        Item: { pk: 'BOT#reply#message#legacy', sk: 'BOT', state: 'claimed', leaseUntil: 1, expiresAt: 2 },
      }),
    );
    expect(await claimAt('message#legacy', start)).toBe(true);
  });
});
