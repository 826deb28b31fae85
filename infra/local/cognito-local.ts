/**
 * Amazon Cognito locally: the `cognito-local` emulator (its server, assembled here as its createDefaultServer does,
 * with two changes), on 127.0.0.1, with Chatty's user pool and the page's app client created at start if missing.
 *
 * - Its data lives in `dataDir` (0700, files 0600), not in `.cognito` under the working directory.
 * - The verification and reset codes Cognito would e-mail go to a local outbox (one JSON line each, 0600) and to
 *   `onMessage`, instead of boxes in its log: a developer reads them from `npm start`, a test from the file.
 */
import './quiet-aws-sdk-v2';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DefaultConfig } from 'cognito-local/lib/server/config';
import { Router } from 'cognito-local/lib/server/Router';
import { createServer as createCognitoApp } from 'cognito-local/lib/server/server';
import { DateClock, LambdaService, MessagesService, TriggersService } from 'cognito-local/lib/services';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService';
import { CryptoService } from 'cognito-local/lib/services/crypto';
import { StormDBDataStoreFactory } from 'cognito-local/lib/services/dataStore/stormDb';
import { MessageDeliveryService } from 'cognito-local/lib/services/messageDelivery/messageDelivery';
import type { MessageSender } from 'cognito-local/lib/services/messageDelivery/messageSender';
import { otp } from 'cognito-local/lib/services/otp';
import { JwtTokenGenerator } from 'cognito-local/lib/services/tokenGenerator';
import { UserPoolServiceFactoryImpl } from 'cognito-local/lib/services/userPoolService';
import pino from 'pino';
import { accountTokenValidity } from '../spec';
import { withAdminCreateUserTrigger } from './cognito-admin-create-user';
import { withMissingTargets } from './cognito-resend-code';
import { SignInIds } from './cognito-sign-ins';
import { admitSigned, needsSignature } from './cognito-signing';
import { lambdaClientOverRunner } from './cognito-triggers';
import { listen } from './listen';
import { appendPrivate, makeFilesPrivate, privateDirectory } from './private-files';
import { type Invoke, localCredentials, type RunningService } from './types';

/** The pool and client names looked up at start, so a restart finds the accounts it made before. */
export const localUserPoolName = 'chatty';
const localClientName = 'page';

/** A message Cognito would have sent: the code and who it was for. */
export interface OutboxMessage {
  time: string;
  username: string;
  destination: string;
  code: string;
  subject?: string;
  message?: string;
}

/** `auth` in config.json locally: what any Cognito client needs, the emulator's endpoint included. */
export interface LocalAuthConfig {
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  endpoint: string;
}

export interface CognitoLocalOptions {
  /** Where its data is kept (created 0700). */
  dataDir: string;
  /** The outbox: one JSON line per message (created 0600). */
  outboxFile: string;
  /** Port 0 or absent: any free port. */
  port?: number;
  /** Browser origins that may call it (the page's); requests from any other origin are refused with 403. */
  allowedOrigins?: readonly string[];
  onMessage?: (message: OutboxMessage) => void;
  /**
   * The pool's Lambda triggers (infra/spec.ts `userPoolTriggers`) and how to invoke them (the local cloud's
   * runner, through cognito-triggers.ts). Absent: no triggers, as a pool without any.
   */
  triggers?: { invoke: Invoke; preSignUp: string; postConfirmation: string };
}

export interface CognitoLocal extends RunningService {
  auth: LocalAuthConfig;
  /** The pool's tokens' issuer (`iss`), `<url>/<poolId>`; its keys are at `<issuer>/.well-known/jwks.json`. */
  issuer: string;
}

export async function startCognitoLocal(options: CognitoLocalOptions): Promise<CognitoLocal> {
  await privateDirectory(options.dataDir);
  await makeFilesPrivate(options.dataDir);
  // Listen first: the tokens' issuer is this server's URL, and the port may be any free one.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handle(req, res));
  const running = await listen(server, options.port);
  try {
    const app = await cognitoApp(running.url, options);
    const allowed = new Set(options.allowedOrigins ?? []);
    handle = (req, res) => {
      // cognito-local answers CORS for any origin; only the page may call it from a browser.
      const origin = req.headers.origin;
      if (origin !== undefined && !allowed.has(origin)) {
        res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Origin not allowed"}');
        return;
      }
      // Admin and management calls need the local credentials' signature, as AWS's need an IAM principal's.
      if (needsSignature(req)) {
        admitSigned(req, res, localCredentials).then(
          (admitted) => {
            if (admitted) app(req, res);
          },
          () => {
            if (!res.headersSent) res.writeHead(500).end();
          },
        );
        return;
      }
      app(req, res);
    };
    const auth = await ensurePoolAndClient(running.url);
    // StormDB writes its files with the umask's mode; the pool's files exist now.
    await makeFilesPrivate(options.dataDir);
    return { ...running, auth, issuer: `${running.url}/${auth.userPoolId}` };
  } catch (err) {
    await running.close();
    throw err;
  }
}

/** Reads the outbox (missing: empty). */
export async function readOutbox(outboxFile: string): Promise<OutboxMessage[]> {
  let text: string;
  try {
    text = await readFile(outboxFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OutboxMessage);
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

async function cognitoApp(url: string, options: CognitoLocalOptions): Promise<RequestListener> {
  // Its own log is for its developers (every request at debug, every 4xx as a warning): errors only, less the
  // error it logs for every trigger that refused a sign-up (the caller gets UserLambdaValidationException).
  const logger = pino({
    level: 'error',
    hooks: {
      logMethod(args, log) {
        if (!isTriggerRefusal(args[0])) Reflect.apply(log, this, args);
      },
    },
  });
  const ctx = { logger };
  const config = {
    ...DefaultConfig,
    // AWS's default: people sign in with a username (cognito-local's default is e-mail addresses).
    UserPoolDefaults: { UsernameAttributes: [] },
    TokenConfig: { IssuerDomain: url },
    ServerConfig: { ...DefaultConfig.ServerConfig, development: false },
  };
  const clock = new DateClock();
  const dataStores = new StormDBDataStoreFactory(options.dataDir);
  // Every token names its sign-in (`origin_jti`), as Cognito's do (cognito-sign-ins.ts).
  const signIns = new SignInIds();
  const cognitoService = await new CognitoServiceFactoryImpl(
    options.dataDir,
    dataStores,
    new UserPoolServiceFactoryImpl(clock, dataStores),
  ).create(ctx, config.UserPoolDefaults);
  const cognito = signIns.cognitoService(cognitoService);
  // cognito-local invokes a trigger by the function name its config gives the trigger (its SignUp calls PreSignUp;
  // its AdminCreateUser does not, so cognito-admin-create-user.ts calls it there, as Cognito does). Its ConfirmSignUp
  // and AdminConfirmSignUp call PostConfirmation once the user is confirmed, as Cognito does (trigger source
  // PostConfirmation_ConfirmSignUp for both); unlike Cognito it logs a trigger's failure and answers success.
  const lambda = options.triggers
    ? new LambdaService(
        { PreSignUp: options.triggers.preSignUp, PostConfirmation: options.triggers.postConfirmation },
        lambdaClientOverRunner(options.triggers.invoke),
      )
    : new LambdaService(config.TriggerFunctions, lambdaClientNeverCalled());
  const triggers = new TriggersService(clock, cognito, lambda, new CryptoService(config.KMSConfig));
  const services = {
    clock,
    cognito,
    config,
    messages: new MessagesService(triggers, new MessageDeliveryService(outboxSender(options))),
    otp,
    tokenGenerator: signIns.tokenGenerator(new JwtTokenGenerator(clock, triggers, config.TokenConfig)),
    triggers,
  };
  // With the operations the page needs that cognito-local lacks (cognito-resend-code.ts), and AdminCreateUser
  // running the PreSignUp trigger as on AWS (cognito-admin-create-user.ts).
  const router = withAdminCreateUserTrigger(withMissingTargets(Router(services), services), services);
  const app = createCognitoApp(router, logger, config.ServerConfig, services).application;
  return app as RequestListener;
}

/** LambdaService logs `{ result }` with the Invoke API's answer when the function failed. */
function isTriggerRefusal(logged: unknown): boolean {
  return (
    typeof logged === 'object' &&
    logged !== null &&
    'result' in logged &&
    typeof logged.result === 'object' &&
    logged.result !== null &&
    'FunctionError' in logged.result
  );
}

/** cognito-local's LambdaService wants an aws-sdk v2 Lambda client; with no triggers it never uses it. */
function lambdaClientNeverCalled(): ConstructorParameters<typeof LambdaService>[1] {
  return new Proxy({} as ConstructorParameters<typeof LambdaService>[1], {
    get() {
      throw new Error('cognito-local: Lambda triggers are not configured locally');
    },
  });
}

function outboxSender(options: CognitoLocalOptions): MessageSender {
  const deliver = (
    username: string,
    destination: string,
    message: Parameters<MessageSender['sendEmail']>[3],
  ) => {
    const entry: OutboxMessage = {
      time: new Date().toISOString(),
      username,
      destination,
      // Every message cognito-local delivers carries a code (sign-up, resend, forgot password, admin create).
      code: message.__code ?? '',
      ...(message.emailSubject === undefined ? {} : { subject: message.emailSubject }),
      ...(message.emailMessage === undefined ? {} : { message: message.emailMessage }),
    };
    appendPrivate(options.outboxFile, `${JSON.stringify(entry)}\n`);
    options.onMessage?.(entry);
    return Promise.resolve();
  };
  return {
    sendEmail: (_ctx, user, destination, message) => deliver(user.Username, destination, message),
    sendSms: (_ctx, user, destination, message) => deliver(user.Username, destination, message),
  };
}

/** Finds Chatty's pool and the page's client by name, creating what is missing (as the CDK app configures them). */
async function ensurePoolAndClient(endpoint: string): Promise<LocalAuthConfig> {
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: localCredentials.region,
    credentials: localCredentials,
  });
  try {
    const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    let userPoolId = pools.UserPools?.find((p) => p.Name === localUserPoolName)?.Id;
    if (!userPoolId) {
      const created = await client.send(
        new CreateUserPoolCommand({
          PoolName: localUserPoolName,
          AutoVerifiedAttributes: ['email'],
          // cognito-local ignores this (usernames stay case-sensitive locally); AWS honours it.
          UsernameConfiguration: { CaseSensitive: false },
          Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
        }),
      );
      userPoolId = created.UserPool?.Id;
    }
    if (!userPoolId) throw new Error('cognito-local: CreateUserPool returned no pool id');
    const clients = await client.send(
      new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
    );
    let userPoolClientId = clients.UserPoolClients?.find((c) => c.ClientName === localClientName)?.ClientId;
    if (!userPoolClientId) {
      const created = await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: localClientName,
          GenerateSecret: false,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          // The CDK app's token lifetimes (infra/spec.ts); cognito-local's own default access token lives a day.
          AccessTokenValidity: accountTokenValidity.accessTokenMinutes,
          IdTokenValidity: accountTokenValidity.idTokenMinutes,
          RefreshTokenValidity: accountTokenValidity.refreshTokenDays,
          TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        }),
      );
      userPoolClientId = created.UserPoolClient?.ClientId;
    }
    if (!userPoolClientId) throw new Error('cognito-local: CreateUserPoolClient returned no client id');
    return { region: localCredentials.region, userPoolId, userPoolClientId, endpoint };
  } finally {
    client.destroy();
  }
}

/** The outbox's path in a data directory. */
export function outboxPath(dataDir: string): string {
  return join(dataDir, 'outbox.jsonl');
}
