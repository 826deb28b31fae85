/**
 * `npm start`: builds the page and runs all of Chatty offline. Ctrl-C stops everything, Java included.
 * Ports: CHATTY_PORT (default 8080) for the page, the next seven for the HTTP API, WebSocket API,
 * DynamoDB Local, EventBridge, Secrets Manager and Scheduler stand-ins and the Cognito emulator. Logs: CHATTY_LOG=quiet|pretty (default pretty).
 * CHATTY_LIMITS=relaxed raises the per-address limits for load tests from this one machine (infra/spec.ts).
 */
import { join } from 'node:path';
import { buildWeb } from '../../web/build';
import { startLocalCloud } from './cloud';
import { describeDeadLetter } from './dead-letters';
import { formatLogLine } from './log-format';
import { repoRoot } from './paths';
import { appendPrivate } from './private-files';
import { relaxedLimitsFromEnv } from './relaxed-limits';

const base = Number(process.env.CHATTY_PORT ?? 8080);
const quiet = process.env.CHATTY_LOG === 'quiet';

async function main(): Promise<void> {
  const relaxedLimits = relaxedLimitsFromEnv(process.env.CHATTY_LIMITS);
  console.log('Chatty local cloud: building the page and the functions, starting DynamoDB Local…');
  const distDir = await buildWeb();
  const dataDir = join(repoRoot, '.local', 'data');
  const deadLetterFile = join(dataDir, 'dead-letters.jsonl');
  const cloud = await startLocalCloud({
    dataDir,
    ports: {
      site: base,
      httpApi: base + 1,
      webSocket: base + 2,
      dynamodb: base + 3,
      eventBus: base + 4,
      secrets: base + 5,
      scheduler: base + 6,
      cognito: base + 7,
    },
    site: { distDir },
    relaxedLimits,
    // The accounts that moderate every public room and the lobby (issue 16), read once here.
    ...(process.env.CHATTY_ADMINS === undefined ? {} : { admins: process.env.CHATTY_ADMINS }),
    log: quiet ? undefined : (fn, line) => console.log(formatLogLine(fn, line)),
    // The local dead-letter queue: one JSON line per SQS message, as AWS would send it (see dead-letters.ts):
    // an event EventBridge could not invoke the bot with, or Lambda's record of an event the bot failed on.
    // Readable by the developer only (0600): the letters carry chat text.
    onDeadLetter: (letter) => {
      appendPrivate(deadLetterFile, `${JSON.stringify(letter)}\n`);
      console.error(describeDeadLetter(letter));
    },
    // The codes Cognito would e-mail: here, and in .local/data/outbox.jsonl (0600).
    onOutboxMessage: (m) => console.log(`  [outbox] ${m.destination} (${m.username}): code ${m.code}`),
  });
  console.log(`
  Chatty is running. Open ${cloud.siteUrl}

  HTTP API        ${cloud.httpApiUrl}        (try: curl ${cloud.httpApiUrl}/health)
  WebSocket API   ${cloud.webSocketUrl}
  DynamoDB Local  ${cloud.dynamodbUrl}    (data in .local/data)
  EventBridge     ${cloud.eventBusUrl}    (dead letters in .local/data/dead-letters.jsonl)
  Cognito         ${cloud.auth.endpoint}    (pool ${cloud.auth.userPoolId}; e-mailed codes in .local/data/outbox.jsonl)

  Press Ctrl-C to stop.
`);
  if (relaxedLimits)
    console.log(
      '  CHATTY_LIMITS=relaxed: relaxed per-address limits are on (for load tests, not for people).\n',
    );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await cloud.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGHUP', shutdown);
  // When whoever started us goes away first, writing to its pipe fails: that must not crash the shutdown.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
}

main().catch((err: unknown) => {
  console.error(`\nChatty could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
