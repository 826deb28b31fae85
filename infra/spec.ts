/**
 * The one declarative description of Chatty. `infra/aws/` turns it into CDK resources and `infra/local/`
 * into the offline local cloud; `test/infra/` checks the synthesized template still equals it.
 *
 * Plain data only: no CDK or Node imports, so both realizations (and the tests) can read it.
 */
import { detailTypes, EVENT_SOURCE } from '../lambdas/contract/events';
import { BOT_NAME, limits } from '../lambdas/contract/limits';

/** AWS resources a function can be bound to. A binding sets the env var(s) and the IAM grant together. */
export type Binding =
  | 'table:read' // TABLE_NAME, read-only access
  | 'table:readWrite' // TABLE_NAME, read + write
  | 'table:names' // TABLE_NAME, PutItem on the name items (`NAME#…`) only
  | 'bus' // EVENT_BUS_NAME, events:PutEvents on that bus
  | 'sockets' // WEBSOCKET_CALLBACK_URL, execute-api:ManageConnections on the WebSocket stage
  | 'tokenSecret' // TOKEN_SECRET_ARN, secretsmanager:GetSecretValue on that secret
  | 'botApi' // HTTP_API_URL, execute-api:Invoke on the bot's IAM-authorized route only
  | 'scheduler' // SCHEDULER_GROUP + SCHEDULER_ROLE_ARN + EVENT_BUS_ARN, scheduler:Create/DeleteSchedule (target: the bus)
  | 'movieApiKey' // OMDB_API_KEY_SECRET_ARN, secretsmanager:GetSecretValue
  | 'userPool'; // USER_POOL_ID + USER_POOL_CLIENT_ID (no grant: an access token is checked against the pool's public keys)

/** The env var names each binding sets; handlers read exactly these (see lambdas/adapters/config.ts). */
export const bindingEnv: Record<Binding, readonly string[]> = {
  'table:read': ['TABLE_NAME'],
  'table:readWrite': ['TABLE_NAME'],
  'table:names': ['TABLE_NAME'],
  bus: ['EVENT_BUS_NAME'],
  sockets: ['WEBSOCKET_CALLBACK_URL'],
  tokenSecret: ['TOKEN_SECRET_ARN'],
  botApi: ['HTTP_API_URL'],
  scheduler: ['SCHEDULER_GROUP', 'SCHEDULER_ROLE_ARN', 'EVENT_BUS_ARN'],
  movieApiKey: ['OMDB_API_KEY_SECRET_ARN'],
  userPool: ['USER_POOL_ID', 'USER_POOL_CLIENT_ID'],
};

/**
 * Variables only the local cloud sets, beside those of `bindingEnv`: cognito-local issues tokens as
 * `http://127.0.0.1:<port>/<poolId>`, which no pool id can tell, where Cognito's issuer follows from the pool id.
 */
const localBindingEnv: Partial<Record<Binding, readonly string[]>> = {
  userPool: ['COGNITO_ISSUER'],
};

/**
 * How long the accounts' tokens live (the CDK app's app client, infra/aws/constructs/user-pool.ts, and the local
 * one). An access token is what the APIs accept, so an hour bounds how long a stolen one serves (Cognito's default;
 * its maximum is a day); the refresh token keeps a person signed in for 30 days of not visiting (Cognito's default).
 */
export const accountTokenValidity = {
  accessTokenMinutes: 60,
  idTokenMinutes: 60,
  refreshTokenDays: 30,
} as const;

/**
 * How long a signed-out sign-in must stay refused: every access token of one sign-in shares its `origin_jti`, and
 * the refresh token can mint them until it expires; the last one minted lives an access token's life beyond.
 */
export const accountSignInMaxSeconds =
  accountTokenValidity.refreshTokenDays * 24 * 60 * 60 + accountTokenValidity.accessTokenMinutes * 60;

export interface FunctionSpec {
  /** Logical name, unique; also the CDK construct id and the local cloud's function name. */
  name: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  bindings: readonly Binding[];
  /** Static configuration: env var name → default value (both realizations pass these through). */
  config?: Readonly<Record<string, string>>;
  memoryMb: number;
  timeoutSeconds: number;
  /** Lambda reserved concurrency, when this function needs other than `defaultReservedConcurrency`. */
  reservedConcurrency?: number;
}

export type HttpAuth = 'none' | 'bearer' | 'iam';

export interface HttpRouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path with `{param}` placeholders. */
  path: string;
  function: string;
  /**
   * `bearer`: the function checks the token itself, a guest's or an account's access token
   *   (lambdas/core/identity-check.ts; API Gateway passes the header through);
   * `iam`: API Gateway verifies the SigV4 signature before the function runs.
   */
  auth: HttpAuth;
}

export interface WebSocketRouteSpec {
  routeKey: string;
  function: string;
}

export interface EventRuleSpec {
  name: string;
  description: string;
  pattern: Record<string, unknown>;
  target: string;
  retry: { maximumRetryAttempts: number; maximumEventAgeSeconds: number };
  /** Failed deliveries (after the retries) go to an SQS dead-letter queue (locally: an inspectable store). */
  deadLetterQueue: true;
}

/** The bot's name, the bus's source and its detail types are the contract's (lambdas/contract). */
export const botName = BOT_NAME;
/**
 * The value the deployed OMDb key secret starts with, until an operator puts a real key in it; the bot treats
 * it as "no key" (lambdas/adapters/movies.ts has the same value; a test checks).
 */
export const movieApiKeyPlaceholder = 'not-configured';
export const eventSource = EVENT_SOURCE;
export { detailTypes };

/**
 * Every limit a client can run into, with its default. The functions that enforce one receive it as an env var
 * (the `LIMIT_*` names below, through their `config`); the README's "Limits" table lists them. A limit is answered
 * with `rate_limited` (429 on HTTP and at `$connect`, an `error` frame on a socket), except typing, whose excess is
 * dropped silently.
 */
export const usageLimits = {
  /**
   * Messages per identity: a burst (5 for an account, 3 for a guest), then one a second. Edits, deletions and
   * reactions share an allowance of the same size. Guests get lower limits than accounts wherever limits exist:
   * a guest costs nothing to make.
   */
  LIMIT_MESSAGE_BURST_ACCOUNT: '5',
  LIMIT_MESSAGE_BURST_GUEST: '3',
  LIMIT_MESSAGE_INTERVAL_MS: '1000',
  /** Open sockets per identity, accounts and guests; the next `$connect` gets 429. */
  LIMIT_SOCKETS_PER_IDENTITY_ACCOUNT: '10',
  LIMIT_SOCKETS_PER_IDENTITY_GUEST: '3',
  /** At most one `typing` fanned out per socket in this many ms (the excess is dropped). */
  LIMIT_TYPING_INTERVAL_MS: '2000',
  /** `joinRoom` per socket per minute. */
  LIMIT_JOINS_PER_MINUTE: '20',
  /** Rooms created per identity per hour, accounts and guests. */
  LIMIT_ROOMS_PER_HOUR_ACCOUNT: '10',
  LIMIT_ROOMS_PER_HOUR_GUEST: '3',
  /** Guest sign-ins per source address per minute (raised by CHATTY_LIMITS=relaxed for load tests). */
  LIMIT_GUEST_SIGNINS_PER_MINUTE: '20',
  /** Pending reminders per person (accounts, guests) and per room, and the longest reminder text. */
  LIMIT_REMINDERS_PER_PERSON_ACCOUNT: '5',
  LIMIT_REMINDERS_PER_PERSON_GUEST: '2',
  LIMIT_REMINDERS_PER_ROOM: '20',
  LIMIT_REMINDER_TEXT_LENGTH: '200',
  /** Pyro's welcomes per room per minute, so a flood of joins does not make the bot flood the room. */
  LIMIT_WELCOMES_PER_ROOM_PER_MINUTE: '3',
} as const;

/**
 * The deployment's admins (issue 16): account usernames, comma-separated, who moderate every public room and the
 * lobby. None by default; `cdk deploy -c admins=ada,grace` sets them on AWS, `CHATTY_ADMINS=ada,grace npm start`
 * locally. The functions that check roles get them as ADMINS (read once at cold start).
 */
export const defaultAdmins = '';
const admins = { ADMINS: defaultAdmins } as const;

/** `CHATTY_LIMITS=relaxed` (local cloud only): the per-address limits for load tests from one machine's address. */
export const relaxedUsageLimits: Partial<Record<keyof typeof usageLimits, string>> = {
  LIMIT_GUEST_SIGNINS_PER_MINUTE: '100000',
};

/** The limits a function enforces, as its `config` entries. */
export function limitsConfig(...names: (keyof typeof usageLimits)[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, usageLimits[name]]));
}

/** Sending, and editing, deleting and reacting (an allowance of the same size), by kind of identity. */
const messageRate = limitsConfig(
  'LIMIT_MESSAGE_BURST_ACCOUNT',
  'LIMIT_MESSAGE_BURST_GUEST',
  'LIMIT_MESSAGE_INTERVAL_MS',
);

/**
 * Lambda reserved concurrency of each function on AWS: the most execution environments it may run at once. It
 * caps a flood: one route (or the bot) can take only its own slots, never every slot in the account, and what it
 * costs grows no faster than its cap allows. 10 serves more than the APIs' throttles let through (a 50 ms function
 * answers 200 requests a second with 10), and today's 26 functions reserve 300 (FanOut 50) of an account's default
 * quota of 1000. `cdk deploy -c reservedConcurrency=N|off` overrides it (README, "What an attacker can make you pay").
 */
export const defaultReservedConcurrency = 10;

const base = { memoryMb: 256, timeoutSeconds: 10 } as const;
/**
 * Every function that posts a message fans it out in pages of FAN_OUT_PAGE_SIZE sockets: the first page itself,
 * each further one by its own FanOut invocation (lambdas/core/fan-out-pages.ts). 100 posts take one function, 32 in
 * flight, about as long as a few round trips to API Gateway, so a room of 10,000 is 100 parallel pages.
 */
export const fanOutPageSize = 100;
/** The names a `presence` snapshot lists (the contract's cap; tests set fewer to see it capped). */
const presenceSnapshot = { PRESENCE_SNAPSHOT_NAMES: String(limits.presenceNames) } as const;
/**
 * How long PreSignUp's reservation of a username waits for the e-mail to be confirmed: the 24 hours Cognito's
 * sign-up confirmation code is valid. A sign-up nobody confirms frees its name after that.
 */
export const accountNamePendingSeconds = 24 * 60 * 60;

const messageTtl = { MESSAGE_TTL_HOURS: '48', FAN_OUT_PAGE_SIZE: String(fanOutPageSize) } as const;

export const functions: readonly FunctionSpec[] = [
  {
    name: 'Health',
    entry: 'lambdas/health/ping.ts',
    bindings: [],
    ...base,
    memoryMb: 128,
    timeoutSeconds: 3,
  },
  {
    name: 'HealthDeep',
    entry: 'lambdas/health/deep.ts',
    bindings: ['table:readWrite', 'bus', 'sockets'],
    ...base,
  },
  {
    name: 'CreateSession',
    entry: 'lambdas/http/create-session.ts',
    // The table keeps each address's sign-in count (LIMIT_GUEST_SIGNINS_PER_MINUTE) and each session's name hold.
    bindings: ['table:readWrite', 'tokenSecret'],
    config: limitsConfig('LIMIT_GUEST_SIGNINS_PER_MINUTE'),
    ...base,
  },
  {
    name: 'DeleteSession',
    entry: 'lambdas/http/delete-session.ts',
    // Releases a guest session's name hold (which revokes its token), or records an account's sign-in as revoked
    // until its refresh token has expired, and closes the session's sockets through @connections.
    bindings: ['table:readWrite', 'sockets', 'tokenSecret', 'userPool'],
    config: { ACCOUNT_SIGN_IN_MAX_SECONDS: String(accountSignInMaxSeconds) },
    ...base,
  },
  {
    name: 'ListRooms',
    entry: 'lambdas/http/list-rooms.ts',
    // With a token, each room's unread count: the person's read markers and the messages after them (reads only).
    bindings: ['table:read', 'tokenSecret', 'userPool'],
    ...base,
  },
  {
    name: 'CreateRoom',
    entry: 'lambdas/http/create-room.ts',
    bindings: ['table:readWrite', 'tokenSecret', 'userPool'],
    config: limitsConfig('LIMIT_ROOMS_PER_HOUR_ACCOUNT', 'LIMIT_ROOMS_PER_HOUR_GUEST'),
    ...base,
  },
  {
    // A private room's history needs a member's token (checked only for private rooms).
    name: 'ListMessages',
    entry: 'lambdas/http/list-messages.ts',
    bindings: ['table:read', 'tokenSecret', 'userPool'],
    ...base,
  },
  {
    name: 'PostMessage',
    entry: 'lambdas/http/post-message.ts',
    bindings: ['table:readWrite', 'bus', 'sockets', 'tokenSecret', 'userPool'],
    config: { ...messageTtl, ...messageRate },
    ...base,
  },
  {
    // Edit, delete, react (HTTP): one conditional write on the message, then the room and the bus are told; and
    // the read markers (POST /rooms/{roomId}/read), which live as long as messages.
    name: 'MessageActions',
    entry: 'lambdas/http/message-actions.ts',
    bindings: ['table:readWrite', 'bus', 'sockets', 'tokenSecret', 'userPool'],
    // Moderators (and admins) delete others' messages.
    config: { ...messageTtl, ...admins, ...messageRate },
    ...base,
  },
  {
    // Private rooms' members, roles, direct messages, removals, mutes and the moderation log (issue 16); a removal
    // tells the removed person's sockets and moves them to the lobby through @connections and the table.
    name: 'RoomAccess',
    entry: 'lambdas/http/room-access.ts',
    bindings: ['table:readWrite', 'sockets', 'tokenSecret', 'userPool'],
    // A new direct message counts as one of the opener's rooms an hour.
    config: { ...admins, ...limitsConfig('LIMIT_ROOMS_PER_HOUR_ACCOUNT') },
    ...base,
  },
  {
    name: 'ListMembers',
    entry: 'lambdas/http/list-members.ts',
    // A private room's members need a member's token (checked only for private rooms).
    bindings: ['table:read', 'tokenSecret', 'userPool'],
    ...base,
  },
  {
    name: 'BotPostMessage',
    entry: 'lambdas/http/bot-post-message.ts',
    bindings: ['table:readWrite', 'bus', 'sockets'],
    config: messageTtl,
    ...base,
  },
  // The table: a signed-out session's token is refused (a guest's name hold no longer carries its id; an account's
  // sign-in is recorded as revoked).
  {
    name: 'WsAuthorizer',
    entry: 'lambdas/ws/authorizer.ts',
    bindings: ['table:read', 'tokenSecret', 'userPool'],
    ...base,
  },
  {
    name: 'WsConnect',
    entry: 'lambdas/ws/connect.ts',
    bindings: ['table:readWrite', 'bus'],
    config: limitsConfig('LIMIT_SOCKETS_PER_IDENTITY_ACCOUNT', 'LIMIT_SOCKETS_PER_IDENTITY_GUEST'),
    ...base,
  },
  {
    name: 'WsDisconnect',
    entry: 'lambdas/ws/disconnect.ts',
    bindings: ['table:readWrite'],
    ...base,
  },
  { name: 'WsDefault', entry: 'lambdas/ws/default.ts', bindings: ['sockets'], ...base },
  {
    name: 'WsSendMessage',
    entry: 'lambdas/ws/send-message.ts',
    bindings: ['table:readWrite', 'bus', 'sockets'],
    config: { ...messageTtl, ...messageRate },
    ...base,
  },
  {
    name: 'WsJoinRoom',
    entry: 'lambdas/ws/join-room.ts',
    bindings: ['table:readWrite', 'bus', 'sockets'],
    config: { ...limitsConfig('LIMIT_JOINS_PER_MINUTE'), ...presenceSnapshot },
    ...base,
  },
  {
    name: 'WsTyping',
    entry: 'lambdas/ws/typing.ts',
    bindings: ['table:readWrite', 'sockets'],
    config: limitsConfig('LIMIT_TYPING_INTERVAL_MS'),
    ...base,
  },
  { name: 'WsPing', entry: 'lambdas/ws/ping.ts', bindings: ['sockets'], ...base },
  {
    // editMessage, deleteMessage, react and markRead over the socket: the same work as MessageActions.
    name: 'WsMessageActions',
    entry: 'lambdas/ws/message-actions.ts',
    bindings: ['table:readWrite', 'bus', 'sockets'],
    config: { ...messageTtl, ...admins, ...messageRate },
    ...base,
  },
  {
    // Reads the table's stream (presenceStream below): keeps the member items and tells rooms who came and went.
    name: 'Presence',
    entry: 'lambdas/stream/presence.ts',
    // The bus: a big room's presenceChange is fanned out in pages by FanOut, as messages are.
    bindings: ['table:readWrite', 'sockets', 'bus'],
    config: { ...presenceSnapshot, FAN_OUT_PAGE_SIZE: String(fanOutPageSize) },
    ...base,
    timeoutSeconds: 30,
  },
  {
    // Posts one page of a big room's sockets (the FanOutPages rule); passes undelivered ones on through the bus.
    name: 'FanOut',
    entry: 'lambdas/fan-out/page.ts',
    bindings: ['table:readWrite', 'sockets', 'bus'],
    ...base,
    // One invocation per page of a message in a big room: a room of 5,000 takes 50 at once.
    reservedConcurrency: 50,
  },
  // Cognito waits 5 s for a trigger (then retries it, and fails the sign-up with UnexpectedLambdaException).
  {
    name: 'PreSignUp',
    entry: 'lambdas/cognito/pre-sign-up.ts',
    bindings: ['table:names'],
    config: { ACCOUNT_NAME_PENDING_SECONDS: String(accountNamePendingSeconds) },
    ...base,
    timeoutSeconds: 5,
  },
  {
    // Makes the username's reservation permanent once the sign-up is confirmed.
    name: 'PostConfirmation',
    entry: 'lambdas/cognito/post-confirmation.ts',
    bindings: ['table:names'],
    ...base,
    timeoutSeconds: 5,
  },
  {
    name: 'Bot',
    entry: 'lambdas/bot/on-event.ts',
    bindings: ['table:readWrite', 'botApi', 'scheduler', 'movieApiKey'],
    config: {
      WEATHER_API_URL: 'https://api.open-meteo.com',
      GEOCODER_API_URL: 'https://api.zippopotam.us',
      MOVIE_API_URL: 'https://www.omdbapi.com',
      EXTERNAL_TIMEOUT_MS: '3000',
      STORY_ORDER: '2',
      ...limitsConfig(
        'LIMIT_REMINDERS_PER_PERSON_ACCOUNT',
        'LIMIT_REMINDERS_PER_PERSON_GUEST',
        'LIMIT_REMINDERS_PER_ROOM',
        'LIMIT_REMINDER_TEXT_LENGTH',
        'LIMIT_WELCOMES_PER_ROOM_PER_MINUTE',
      ),
    },
    memoryMb: 512,
    timeoutSeconds: 15,
  },
];

export const httpRoutes: readonly HttpRouteSpec[] = [
  { method: 'GET', path: '/health', function: 'Health', auth: 'none' },
  { method: 'GET', path: '/health/deep', function: 'HealthDeep', auth: 'none' },
  { method: 'POST', path: '/sessions', function: 'CreateSession', auth: 'none' },
  { method: 'DELETE', path: '/sessions/current', function: 'DeleteSession', auth: 'bearer' },
  { method: 'GET', path: '/rooms', function: 'ListRooms', auth: 'none' },
  { method: 'POST', path: '/rooms', function: 'CreateRoom', auth: 'bearer' },
  { method: 'GET', path: '/rooms/{roomId}/messages', function: 'ListMessages', auth: 'none' },
  { method: 'POST', path: '/rooms/{roomId}/messages', function: 'PostMessage', auth: 'bearer' },
  {
    method: 'PATCH',
    path: '/rooms/{roomId}/messages/{messageId}',
    function: 'MessageActions',
    auth: 'bearer',
  },
  {
    method: 'DELETE',
    path: '/rooms/{roomId}/messages/{messageId}',
    function: 'MessageActions',
    auth: 'bearer',
  },
  {
    method: 'PUT',
    path: '/rooms/{roomId}/messages/{messageId}/reactions/{emoji}',
    function: 'MessageActions',
    auth: 'bearer',
  },
  {
    method: 'DELETE',
    path: '/rooms/{roomId}/messages/{messageId}/reactions/{emoji}',
    function: 'MessageActions',
    auth: 'bearer',
  },
  { method: 'POST', path: '/rooms/{roomId}/read', function: 'MessageActions', auth: 'bearer' },
  { method: 'GET', path: '/rooms/{roomId}/members', function: 'ListMembers', auth: 'none' },
  { method: 'GET', path: '/rooms/{roomId}/roles', function: 'RoomAccess', auth: 'none' },
  { method: 'PUT', path: '/rooms/{roomId}/members/{name}', function: 'RoomAccess', auth: 'bearer' },
  { method: 'DELETE', path: '/rooms/{roomId}/members/{name}', function: 'RoomAccess', auth: 'bearer' },
  { method: 'POST', path: '/dms', function: 'RoomAccess', auth: 'bearer' },
  { method: 'POST', path: '/rooms/{roomId}/removals', function: 'RoomAccess', auth: 'bearer' },
  { method: 'DELETE', path: '/rooms/{roomId}/removals/{name}', function: 'RoomAccess', auth: 'bearer' },
  { method: 'POST', path: '/rooms/{roomId}/mutes', function: 'RoomAccess', auth: 'bearer' },
  { method: 'DELETE', path: '/rooms/{roomId}/mutes/{name}', function: 'RoomAccess', auth: 'bearer' },
  { method: 'GET', path: '/rooms/{roomId}/moderation', function: 'RoomAccess', auth: 'bearer' },
  { method: 'POST', path: '/bot/rooms/{roomId}/messages', function: 'BotPostMessage', auth: 'iam' },
];

/** The REQUEST authorizer on `$connect`; its identity source is the `token` query-string parameter. */
export const webSocketAuthorizer = { function: 'WsAuthorizer', identitySource: 'token' } as const;

/** API Gateway selects the route on `$request.body.action`; anything else goes to `$default`. */
export const webSocketRouteSelection = '$request.body.action';
export const webSocketStage = 'live';
/**
 * The WebSocket stage's throttle: steady requests a second and burst. The local gateway applies it (to frames,
 * $connect and @connections) only when a test turns it on.
 */
export const webSocketThrottle = { rateLimit: 100, burstLimit: 200 } as const;

export const webSocketRoutes: readonly WebSocketRouteSpec[] = [
  { routeKey: '$connect', function: 'WsConnect' },
  { routeKey: '$disconnect', function: 'WsDisconnect' },
  { routeKey: '$default', function: 'WsDefault' },
  { routeKey: 'sendMessage', function: 'WsSendMessage' },
  { routeKey: 'joinRoom', function: 'WsJoinRoom' },
  { routeKey: 'typing', function: 'WsTyping' },
  { routeKey: 'ping', function: 'WsPing' },
  { routeKey: 'editMessage', function: 'WsMessageActions' },
  { routeKey: 'deleteMessage', function: 'WsMessageActions' },
  { routeKey: 'react', function: 'WsMessageActions' },
  { routeKey: 'markRead', function: 'WsMessageActions' },
];

/**
 * The user pool's Lambda triggers: Cognito operation → function. PreSignUp reserves a new account's username
 * (its skeleton) against other accounts, guests and the bot, until the e-mail code would expire; PostConfirmation
 * makes the reservation permanent. Locally cognito-local calls it through the runner
 * and names the function in its error where AWS names the trigger ("PreSignUp failed with error …"): one name
 * makes the two messages the same.
 */
export const userPoolTriggers = { preSignUp: 'PreSignUp', postConfirmation: 'PostConfirmation' } as const;

/** One table. Key design: see lambdas/adapters/table-keys.ts. */
export const table = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [{ indexName: 'byRoom', partitionKey: 'roomPk', sortKey: 'roomSk' }],
  timeToLiveAttribute: 'expiresAt',
  pointInTimeRecovery: true,
  /** The table's stream: both images, so a REMOVE says which room the socket left and a MODIFY where it moved. */
  stream: 'NEW_AND_OLD_IMAGES',
} as const;

/**
 * The Presence function reads the table's stream through a Lambda event source mapping (the local cloud runs the
 * same semantics in infra/local/stream-poller.ts). The batching window gathers a second of joins and leaves into
 * one invocation, so each member gets one `presenceChange` frame a second however many came (core/presence-
 * stream.ts). Its work is idempotent, so a failed batch is retried, bisected to isolate what fails, and given up
 * after a few attempts or five minutes: presence that old is useless, and the member items expire by TTL anyway.
 */
export const presenceStream = {
  function: 'Presence',
  startingPosition: 'LATEST',
  batchSize: 1000,
  maximumBatchingWindowSeconds: 1,
  bisectBatchOnFunctionError: true,
  maximumRetryAttempts: 3,
  maximumRecordAgeSeconds: 300,
  /** Lambda's event filtering: only connection records (`CONN#…`) reach the function; the rest cost nothing. */
  filterPattern: { dynamodb: { Keys: { pk: { S: [{ prefix: 'CONN#' }] } } } },
} as const;

export const eventBus = {
  name: 'chatty',
  rules: [
    {
      name: 'BotAddressed',
      description:
        'People talking to Pyro (never Pyro itself), people joining rooms, and reminders falling due',
      pattern: {
        source: [eventSource],
        $or: [
          { 'detail-type': [detailTypes.memberJoined, detailTypes.reminderDue] },
          {
            'detail-type': [detailTypes.messagePosted],
            detail: {
              // The bot's own messages are posted on the bus too; it must never answer itself.
              sender: [{ 'anything-but': botName }],
              // Wildcards are case-sensitive: the usual spellings pass, the bot re-checks case-insensitively.
              text: [{ wildcard: '*pyro*' }, { wildcard: '*Pyro*' }, { wildcard: '*PYRO*' }],
            },
          },
        ],
      },
      target: 'Bot',
      retry: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 },
      deadLetterQueue: true,
    },
    {
      name: 'FanOutPages',
      description: "Pages of a big room's sockets, each posted by its own FanOut invocation",
      pattern: { source: [eventSource], 'detail-type': [detailTypes.fanOutPage] },
      target: 'FanOut',
      // A message more than five minutes late is better read from history than pushed.
      retry: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 300 },
      deadLetterQueue: true,
    },
  ] satisfies EventRuleSpec[],
} as const;

export function functionByName(name: string): FunctionSpec {
  const found = functions.find((f) => f.name === name);
  if (!found) throw new Error(`infra/spec: no function named ${name}`);
  return found;
}

/** Every env var a function receives locally: `envVarNames` and the local-only ones of its bindings. */
export function localEnvVarNames(fn: FunctionSpec): string[] {
  return [...new Set([...envVarNames(fn), ...fn.bindings.flatMap((b) => localBindingEnv[b] ?? [])])];
}

/** Every env var a function receives: those of its bindings, its static config, and the common ones. */
export function envVarNames(fn: FunctionSpec): string[] {
  // NODE_OPTIONS: --enable-source-maps (infra/bundling.ts), deployed and local alike.
  const names = new Set<string>(['APP_VERSION', 'POWERTOOLS_SERVICE_NAME', 'NODE_OPTIONS']);
  for (const b of fn.bindings) for (const n of bindingEnv[b]) names.add(n);
  for (const n of Object.keys(fn.config ?? {})) names.add(n);
  return [...names];
}

/**
 * CORS of the HTTP API, the same on AWS (infra/aws/constructs/http-api.ts) and locally (infra/local/http-api.ts).
 * The allowed origins are not here: they are known only at deploy or start time (the site's URL, plus the custom
 * domain when one is set; locally the page's origin). Only the page calls the API from a browser; it sends
 * `authorization` and `content-type` (web/api.ts). The bot signs its calls but is no browser, so needs no CORS.
 */
export const httpApiCors = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['authorization', 'content-type'],
  exposeHeaders: [],
  allowCredentials: false,
  maxAgeSeconds: 24 * 60 * 60,
} as const satisfies {
  allowMethods: readonly ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS')[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  allowCredentials: boolean;
  maxAgeSeconds: number;
};
