import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  eventBus,
  functions,
  httpApiCors,
  httpRoutes,
  localEnvVarNames,
  presenceStream,
  table,
  userPoolTriggers,
  webSocketAuthorizer,
  webSocketRoutes,
  webSocketStage,
} from '../spec';
import { type AsyncInvoker, startAsyncInvoker } from './async-invoke';
import { type LocalAuthConfig, type OutboxMessage, startCognitoLocal } from './cognito-local';
import { type DeadLetter, deadLetterQueueArn } from './dead-letters';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local';
import { type LocalEventBus, startEventBus } from './event-bus';
import { freePort } from './free-port';
import { startHttpApi } from './http-api';
import { type LambdaRunner, startLambdaRunner } from './lambda-runner';
import { makeFilesPrivate, privateDirectory, privateFileMode } from './private-files';
import { relaxedLimitsFor } from './relaxed-limits';
import { type LocalScheduler, startScheduler } from './scheduler';
import { startSecretsManager } from './secrets-manager';
import { startSite } from './site';
import { type StreamPoller, startStreamPoller } from './stream-poller';
import { type Invoke, InvokeError, localCredentials, type RunningService } from './types';
import {
  startWebSocketGateway,
  type WebSocketGateway,
  type WebSocketGatewayOptions,
} from './websocket-gateway';

export interface LocalCloudOptions {
  /** Keep DynamoDB data and the token key here; `null`: everything in memory (tests). */
  dataDir: string | null;
  /** Fixed ports for `npm start`; tests leave them out and get free ones. */
  ports?: Partial<
    Record<
      'site' | 'httpApi' | 'webSocket' | 'dynamodb' | 'eventBus' | 'secrets' | 'scheduler' | 'cognito',
      number
    >
  >;
  /** Serve the page (built into web/dist beforehand). */
  site?: { distDir: string };
  /** Env var overrides for every function (e.g. external API URLs pointing at a fake on loopback). */
  environment?: Record<string, string>;
  log?: (functionName: string, line: string) => void;
  /** EventBridge's backoff between retries of a failed invoke (default 1 s, 2 s, 4 s…). */
  eventBusRetryDelayMs?: (attempt: number) => number;
  /** Lambda's wait before retry 1 and 2 of a failed asynchronous invocation (default 1 min, 2 min). */
  asyncRetryDelayMs?: (retry: number) => number;
  /**
   * Told of each message sent to a dead-letter queue: an event EventBridge could not invoke the bot with, or
   * Lambda's invocation record of an event the bot failed on every attempt (see dead-letters.ts).
   */
  onDeadLetter?: (letter: DeadLetter) => void;
  /** `throttle`: the stage's throttle (spec's `webSocketThrottle`, or smaller numbers), off unless given. */
  webSocket?: Pick<WebSocketGatewayOptions, 'idleTimeoutMs' | 'maxConnectionMs' | 'throttle'>;
  /** Scales the wait of scheduled reminders (tests: 0.01 makes a minute 0.6 s). */
  schedulerTimeScale?: number;
  /** The OMDb API key Pyro's movie skill uses; default: the developer's OMDB_API_KEY, if set. */
  omdbApiKey?: string;
  /**
   * `CHATTY_LIMITS=relaxed`: the spec's `relaxedUsageLimits` replace the defaults in the functions that enforce
   * them, for load tests whose every client comes from this machine's one address.
   */
  relaxedLimits?: boolean;
  /**
   * `CHATTY_ADMINS=ada,grace`: the accounts that moderate every public room and the lobby (issue 16); replaces the
   * spec's ADMINS (`defaultAdmins`) in the functions that read it, as `-c admins=…` does on AWS.
   */
  admins?: string;
  /** Told of each verification or reset code the Cognito emulator would have e-mailed (also in the outbox). */
  onOutboxMessage?: (message: OutboxMessage) => void;
}

export interface LocalCloud {
  siteUrl?: string;
  httpApiUrl: string;
  webSocketUrl: string;
  callbackUrl: string;
  dynamodbUrl: string;
  /** `auth` in config.json: the Cognito emulator's user pool, app client and endpoint. */
  auth: LocalAuthConfig;
  /** The codes Cognito would have e-mailed, one JSON line each (read it with readOutbox). */
  outboxFile: string;
  eventBusUrl: string;
  tableName: string;
  /** The bus; its `idle()` also waits for the Lambda async invocations (and retries) it started. */
  eventBus: LocalEventBus;
  /** Every message the dead-letter queues received, both kinds, oldest first. */
  deadLetters(): DeadLetter[];
  scheduler: LocalScheduler;
  gateway: WebSocketGateway;
  runner: LambdaRunner;
  /** The Presence function's stream mapping; `idle()` waits until what the table's stream holds was handed on. */
  presence: StreamPoller;
  /** The env every SDK client outside the functions needs to reach this cloud. */
  clientEnvironment: Record<string, string>;
  stop(): Promise<void>;
}

const TABLE_NAME = 'chatty';
export const TOKEN_SECRET_ARN = `arn:aws:secretsmanager:${localCredentials.region}:${localCredentials.accountId}:secret:chatty/token-key`;
const OMDB_SECRET_ARN = `arn:aws:secretsmanager:${localCredentials.region}:${localCredentials.accountId}:secret:chatty/omdb-api-key`;

/**
 * Starts the whole of Chatty offline: DynamoDB Local, the AWS service stand-ins, both APIs, the functions,
 * and (optionally) the page. Everything listens on 127.0.0.1. Stops in reverse order; a failed start stops
 * what had started.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const started: RunningService[] = [];
  let runner: LambdaRunner | undefined;
  // Bundles go with the data, or (in memory) into a temporary folder removed on stop.
  const buildDir = options.dataDir
    ? join(options.dataDir, 'functions')
    : await mkdtemp(join(tmpdir(), 'chatty-'));
  let lambdaQueue: AsyncInvoker | undefined;
  let presence: StreamPoller | undefined;
  const stop = async () => {
    await presence?.close();
    lambdaQueue?.close();
    await runner?.close();
    for (const service of started.reverse()) await service.close().catch(() => undefined);
    if (!options.dataDir) await rm(buildDir, { recursive: true, force: true });
  };
  try {
    const ports = options.ports ?? {};
    // The data is the developer's alone (see private-files.ts), including what an earlier version left readable.
    if (options.dataDir) {
      await privateDirectory(options.dataDir);
      await makeFilesPrivate(options.dataDir);
    }
    // CORS lets only the page call the API (and DynamoDB Local) from a browser, as the CDK app allows only the
    // site's origin. The site starts last (its config.json needs the APIs' URLs), so its port is chosen now.
    // Reachable as 127.0.0.1 and as localhost, it has both origins, as a deployed site has its CloudFront name
    // and its custom domain.
    const sitePort = options.site ? (ports.site ?? (await freePort())) : undefined;
    const pageOrigins = sitePort ? [`http://127.0.0.1:${sitePort}`, `http://localhost:${sitePort}`] : [];
    const dynamodb = await startDynamoDbLocal({
      port: ports.dynamodb,
      dataDir: options.dataDir ? join(options.dataDir, 'dynamodb') : null,
      allowOrigins: pageOrigins,
    });
    started.push(dynamodb);
    await ensureTable(dynamodb.client, TABLE_NAME, table);
    const { Table: described } = await dynamodb.client.send(
      new DescribeTableCommand({ TableName: TABLE_NAME }),
    );

    const secrets = await startSecretsManager({
      port: ports.secrets,
      secrets: { [TOKEN_SECRET_ARN]: await tokenKey(options.dataDir), ...omdbSecret(options.omdbApiKey) },
    });
    started.push(secrets);
    // Accounts: the Cognito emulator, which only the page may call from a browser. Codes it would e-mail go to
    // the outbox (kept with the data, or in the temporary folder for tests).
    const outboxFile = join(options.dataDir ?? buildDir, 'outbox.jsonl');
    const cognito = await startCognitoLocal({
      port: ports.cognito,
      dataDir: join(options.dataDir ?? buildDir, 'cognito'),
      outboxFile,
      allowedOrigins: pageOrigins,
      onMessage: options.onOutboxMessage,
      // The pool's triggers run in the runner, as every function does (called at sign-up, once it has started).
      triggers: {
        invoke: (name, event) => invoke(name, event),
        preSignUp: userPoolTriggers.preSignUp,
        postConfirmation: userPoolTriggers.postConfirmation,
      },
    });
    started.push(cognito);

    // The servers need `invoke` before the runner exists (the functions' env needs the servers' URLs).
    const invoke: Invoke = (name, event, invokeOptions) => {
      if (!runner) {
        return Promise.reject(new InvokeError('ServiceException', 'The local cloud is still starting', 500));
      }
      return runner.invoke(name, event, invokeOptions);
    };
    const deadLetters: DeadLetter[] = [];
    const toDeadLetterQueue = (letter: DeadLetter) => {
      deadLetters.push(letter);
      options.onDeadLetter?.(letter);
    };
    // As infra/aws/constructs/chat-event-bus.ts configures it: a rule's target function retries its own failures
    // with the rule's limits, and sends what it gave up on to the rule's dead-letter queue.
    const asyncInvoker = startAsyncInvoker({
      functions: functions.map((f) => f.name),
      invoke,
      region: localCredentials.region,
      accountId: localCredentials.accountId,
      config: (name) => {
        const rule = eventBus.rules.find((r) => r.target === name);
        return rule
          ? {
              maximumRetryAttempts: rule.retry.maximumRetryAttempts,
              maximumEventAgeSeconds: rule.retry.maximumEventAgeSeconds,
              onFailure: deadLetterQueueArn(rule.name, localCredentials.region, localCredentials.accountId),
            }
          : undefined;
      },
      retryDelayMs: options.asyncRetryDelayMs,
      onFailure: toDeadLetterQueue,
    });
    lambdaQueue = asyncInvoker;
    const busAlone = await startEventBus({
      busName: eventBus.name,
      rules: eventBus.rules,
      invoke: asyncInvoker.invokeAsync,
      port: ports.eventBus,
      region: localCredentials.region,
      accountId: localCredentials.accountId,
      retryDelayMs: options.eventBusRetryDelayMs,
      onDeadLetter: toDeadLetterQueue,
    });
    const bus: LocalEventBus = {
      ...busAlone,
      idle: async () => {
        // Until both are quiet at once: a retry may put an event on the bus, a delivery starts a function.
        do {
          await busAlone.idle();
          await asyncInvoker.idle();
        } while (busAlone.busy() || asyncInvoker.busy());
      },
    };
    started.push(bus);
    const scheduler = await startScheduler({
      eventBusUrl: bus.url,
      port: ports.scheduler,
      timeScale: options.schedulerTimeScale,
      // The group the CDK app creates for the reminders (SCHEDULER_GROUP below).
      groups: ['chatty'],
      // Pending reminders survive a restart, like the rest of the data.
      ...(options.dataDir && { stateFile: join(options.dataDir, 'schedules.json') }),
    });
    started.push(scheduler);
    const httpApi = await startHttpApi({
      routes: httpRoutes,
      invoke,
      port: ports.httpApi,
      iamCredentials: localCredentials,
      cors: { ...httpApiCors, allowOrigins: pageOrigins },
    });
    started.push(httpApi);
    const gateway = await startWebSocketGateway({
      routes: webSocketRoutes,
      authorizer: webSocketAuthorizer,
      invoke,
      stage: webSocketStage,
      port: ports.webSocket,
      ...options.webSocket,
    });
    started.push(gateway);

    const endpoints: Record<string, string> = {
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_ENDPOINT_URL_SCHEDULER: scheduler.url,
    };
    const bindingValues: Record<string, string> = {
      TABLE_NAME,
      EVENT_BUS_NAME: eventBus.name,
      EVENT_BUS_ARN: `arn:aws:events:${localCredentials.region}:${localCredentials.accountId}:event-bus/${eventBus.name}`,
      WEBSOCKET_CALLBACK_URL: gateway.callbackUrl,
      TOKEN_SECRET_ARN,
      HTTP_API_URL: httpApi.url,
      SCHEDULER_GROUP: 'chatty',
      SCHEDULER_ROLE_ARN: `arn:aws:iam::${localCredentials.accountId}:role/chatty-scheduler`,
      OMDB_API_KEY_SECRET_ARN: OMDB_SECRET_ARN,
      USER_POOL_ID: cognito.auth.userPoolId,
      USER_POOL_CLIENT_ID: cognito.auth.userPoolClientId,
      // cognito-local's issuer; its keys are at `<issuer>/.well-known/jwks.json` (its openid-configuration names
      // localhost:9229 whatever port it listens on, so the verifier is given the keys' address directly).
      COGNITO_ISSUER: cognito.issuer,
      APP_VERSION: process.env.npm_package_version ?? 'local',
      POWERTOOLS_SERVICE_NAME: 'chatty',
    };
    runner = await startLambdaRunner({
      functions,
      buildDir,
      log: options.log,
      prewarm: true,
      environment: (fn) => ({
        ...endpoints,
        ...pick(bindingValues, localEnvVarNames(fn)),
        ...fn.config,
        ...(options.relaxedLimits ? relaxedLimitsFor(fn.config) : {}),
        ...(options.admins !== undefined && fn.config?.ADMINS !== undefined
          ? { ADMINS: options.admins }
          : {}),
        ...options.environment,
      }),
    });

    // The Presence function's event source mapping on the table's stream (spec's presenceStream).
    presence = await startStreamPoller({
      endpoint: dynamodb.url,
      streamArn: described?.LatestStreamArn ?? '',
      mapping: presenceStream,
      invoke,
      onDiscard: (records, reason) =>
        console.warn(`[stream] ${presenceStream.function}: gave up on ${records.length} records (${reason})`),
    });

    const site = options.site
      ? await startSite({
          distDir: options.site.distDir,
          port: sitePort,
          config: { httpApiUrl: httpApi.url, webSocketUrl: gateway.url, auth: cognito.auth },
        })
      : undefined;
    if (site) started.push(site);

    return {
      siteUrl: site?.url,
      httpApiUrl: httpApi.url,
      webSocketUrl: gateway.url,
      callbackUrl: gateway.callbackUrl,
      dynamodbUrl: dynamodb.url,
      auth: cognito.auth,
      outboxFile,
      eventBusUrl: bus.url,
      tableName: TABLE_NAME,
      eventBus: bus,
      deadLetters: () => [...deadLetters],
      scheduler,
      gateway,
      runner,
      presence,
      clientEnvironment: { ...endpoints, AWS_REGION: localCredentials.region },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function pick(values: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => n in values).map((n) => [n, values[n] as string]));
}

/** The HMAC key for guest tokens: generated once and kept with the data, so a restart keeps sessions valid. */
async function tokenKey(dataDir: string | null): Promise<string> {
  if (!dataDir) return randomBytes(32).toString('base64');
  const file = join(dataDir, 'token-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(32).toString('base64');
    await privateDirectory(dataDir);
    await writeFile(file, key, { mode: privateFileMode });
    return key;
  }
}

/** Locally the OMDb key comes from the developer's OMDB_API_KEY; without it, the secret does not exist. */
function omdbSecret(explicit: string | undefined): Record<string, string> {
  const key = explicit ?? process.env.OMDB_API_KEY;
  return key ? { [OMDB_SECRET_ARN]: key } : {};
}
