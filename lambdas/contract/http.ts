/**
 * The HTTP API: every route's path parameters, query, body and responses, and `httpOperations`, from which the
 * OpenAPI document is generated (a test checks they cover exactly infra/spec.ts `httpRoutes`).
 */
import * as v from 'valibot';
import {
  AccessPageQuerySchema,
  MemberPathSchema,
  MemberResponseSchema,
  ModerationLogSchema,
  MuteBodySchema,
  OpenDmBodySchema,
  PutMemberBodySchema,
  RemovalBodySchema,
  RoomRolesSchema,
  SanctionResponseSchema,
  VisibilitySchema,
} from './access';
import { errorCode } from './error-code';
import { type ErrorCode, errorStatus } from './errors';
import {
  EmojiSchema,
  GuestNameSchema,
  MESSAGE_ID_PATTERN,
  MessageIdSchema,
  ReplyToIdSchema,
  RoomIdSchema,
  RoomNameSchema,
  TextSchema,
  TimestampSchema,
} from './fields';
import { LOBBY_ROOM_ID, limits } from './limits';
import {
  ChatMessageSchema,
  exampleDeletedMessage,
  exampleLobby,
  exampleMessage,
  examplePrivateRoom,
  exampleRoom,
  exampleSession,
  HistoryEntrySchema,
  RoomSchema,
  RoomSummarySchema,
  SessionSchema,
} from './resources';

/** `{"error":{"code","message"}}`: every failure the functions answer; `message` is for people. */
// @__NO_SIDE_EFFECTS__
export function errorBodySchema<const TCodes extends readonly [ErrorCode, ...ErrorCode[]]>(codes: TCodes) {
  return v.pipe(
    v.object({
      error: v.object({
        code: v.picklist(codes),
        message: v.string(),
        /** `muted` and `removed`: when the person may post (or come back) again. */
        until: v.optional(TimestampSchema),
      }),
    }),
    v.description(`An error: ${codes.join(', ')}.`),
  );
}

const allCodes = /* @__PURE__ */ Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];
export const ErrorBodySchema = errorBodySchema(allCodes);
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;

/** API Gateway's own answers (an unsigned call to an IAM route, a thrown error in a function without a wrapper). */
export const GatewayErrorSchema = v.pipe(
  v.object({ message: v.string() }),
  v.description("API Gateway's own error, not the function's."),
  v.examples([{ message: 'Forbidden' }]),
);

// ---- requests

export const RoomPathSchema = v.object({ roomId: RoomIdSchema });

/** A message of a room: a malformed `messageId` is 400 `invalid_request`. */
export const MessagePathSchema = v.object({ roomId: RoomIdSchema, messageId: MessageIdSchema });

/** A reaction of a message: `emoji` is percent-encoded in the URL (API Gateway decodes it). */
export const ReactionPathSchema = v.object({
  roomId: RoomIdSchema,
  messageId: MessageIdSchema,
  emoji: EmojiSchema,
});

export const CreateSessionBodySchema = v.pipe(
  v.object({ name: GuestNameSchema }),
  v.examples([{ name: 'Ada' }]),
);
export type CreateSessionBody = v.InferOutput<typeof CreateSessionBodySchema>;

export const CreateRoomBodySchema = v.pipe(
  v.object({ name: RoomNameSchema, visibility: v.optional(VisibilitySchema) }),
  v.examples([{ name: 'Book Club' }, { name: 'Book Club', visibility: 'private' }]),
);
export type CreateRoomBody = v.InferOutput<typeof CreateRoomBodySchema>;

export const PostMessageBodySchema = v.pipe(
  v.object({ text: TextSchema, replyTo: v.optional(ReplyToIdSchema) }),
  v.examples([{ text: 'hi pyro' }, { text: 'me too', replyTo: '1714557600000-a1b2c3d4e5' }]),
);
export type PostMessageBody = v.InferOutput<typeof PostMessageBodySchema>;

/** The bot posts text only: it answers, it does not quote. */
export const BotPostMessageBodySchema = v.pipe(
  v.object({ text: TextSchema }),
  v.examples([{ text: 'Hello, Ada!' }]),
);

export const EditMessageBodySchema = v.pipe(
  v.object({ text: TextSchema }),
  v.examples([{ text: 'hi pyro, how are you?' }]),
);
export type EditMessageBody = v.InferOutput<typeof EditMessageBodySchema>;

export const MarkReadBodySchema = v.pipe(
  v.object({
    messageId: v.pipe(
      MessageIdSchema,
      v.description(
        'The newest message the person has seen in the room; the marker only moves forward (an older id changes nothing).',
      ),
    ),
  }),
  v.examples([{ messageId: '1714557600000-a1b2c3d4e5' }]),
);
export type MarkReadBody = v.InferOutput<typeof MarkReadBodySchema>;

const limitMessage = `limit must be a whole number from 1 to ${limits.historyPage.max}`;
const isPageLimit = (raw: string) => {
  const n = Number(raw);
  return /^\d+$/.test(raw) && n >= 1 && n <= limits.historyPage.max;
};
const cursor = /* @__NO_SIDE_EFFECTS__ */ (name: 'before' | 'after', description: string) =>
  v.optional(
    v.pipe(
      v.string(`${name} must be a messageId`),
      // API Gateway passes `?before=` as an empty string: the same as no cursor.
      v.check((raw) => raw === '' || MESSAGE_ID_PATTERN.test(raw), `${name} must be a messageId`),
      errorCode('invalid_cursor'),
      v.description(description),
    ),
  );

/** Query strings arrive as strings (API Gateway); an empty value counts as absent. */
export const ListMessagesQuerySchema = v.pipe(
  v.object({
    limit: v.optional(
      v.pipe(
        v.string(limitMessage),
        v.check((raw) => raw === '' || isPageLimit(raw), limitMessage),
        errorCode('invalid_request'),
        v.description(
          `How many messages, 1–${limits.historyPage.max}; ${limits.historyPage.default} by default.`,
        ),
      ),
    ),
    before: cursor(
      'before',
      'Only messages older than this messageId (the `next` of a page read without `after`).',
    ),
    after: cursor(
      'after',
      'Only messages newer than this messageId (the `next` of a page read with `after`); must be older than `before`.',
    ),
  }),
  v.examples([{ limit: '50' }, { after: '1714557600000-a1b2c3d4e5' }]),
);
export type ListMessagesQuery = v.InferOutput<typeof ListMessagesQuerySchema>;

const roomLimitMessage = `limit must be a whole number from 1 to ${limits.roomPage.max}`;

/** GET /rooms: a page of rooms; `next` is the opaque cursor of the page before (its `next`). */
export const ListRoomsQuerySchema = v.pipe(
  v.object({
    limit: v.optional(
      v.pipe(
        v.string(roomLimitMessage),
        v.check((raw) => {
          const n = Number(raw);
          return raw === '' || (/^\d+$/.test(raw) && n >= 1 && n <= limits.roomPage.max);
        }, roomLimitMessage),
        errorCode('invalid_request'),
        v.description(
          `How many rooms, 1–${limits.roomPage.max}; ${limits.roomPage.default} by default. The lobby opens the first page and counts.`,
        ),
      ),
    ),
    next: v.optional(
      v.pipe(
        v.string('next must be the cursor of an earlier page'),
        errorCode('invalid_cursor'),
        v.description('The `next` of the page before, as it was (opaque); absent for the first page.'),
      ),
    ),
  }),
  v.examples([{ limit: '50' }, { next: 'cjpib29rLWNsdWI' }]),
);
export type ListRoomsQuery = v.InferOutput<typeof ListRoomsQuerySchema>;

const memberLimitMessage = `limit must be a whole number from 1 to ${limits.memberPage.max}`;

/** GET /rooms/{roomId}/members: a page of names; `next` is the opaque cursor of the page before (its `next`). */
export const ListMembersQuerySchema = v.pipe(
  v.object({
    limit: v.optional(
      v.pipe(
        v.string(memberLimitMessage),
        v.check((raw) => {
          const n = Number(raw);
          return raw === '' || (/^\d+$/.test(raw) && n >= 1 && n <= limits.memberPage.max);
        }, memberLimitMessage),
        errorCode('invalid_request'),
        v.description(`How many names, 1–${limits.memberPage.max}; ${limits.memberPage.default} by default.`),
      ),
    ),
    next: v.optional(
      v.pipe(
        v.string('next must be the cursor of an earlier page'),
        errorCode('invalid_cursor'),
        v.description('The `next` of the page before, as it was (opaque); absent for the first page.'),
      ),
    ),
  }),
  v.examples([{ limit: '50' }, { next: 'bWVtYmVyczpHcmFjZQ' }]),
);
export type ListMembersQuery = v.InferOutput<typeof ListMembersQuerySchema>;

// ---- responses

export const HealthSchema = v.pipe(
  v.object({ status: v.literal('ok'), version: v.string(), time: v.string() }),
  v.examples([{ status: 'ok', version: '0.1.0', time: '2024-05-01T10:00:00.000Z' }]),
);
export type Health = v.InferOutput<typeof HealthSchema>;

/** One dependency's probe: only error names, never messages that could carry secrets or ARNs. */
export const HealthCheckSchema = v.looseObject({
  ok: v.boolean(),
  latencyMs: v.number(),
  error: v.optional(v.string()),
});

export const DeepHealthSchema = v.pipe(
  v.object({
    status: v.picklist(['ok', 'failing']),
    version: v.string(),
    time: v.string(),
    checks: v.record(v.string(), HealthCheckSchema),
    /** When the checks ran: the answer comes from a result shared by every instance, refreshed every 30 s. */
    checkedAt: v.pipe(
      v.string(),
      v.isoTimestamp(),
      v.description(
        `When the checks ran. Every instance answers from one stored result, at most ${limits.deepHealthMaxAgeSeconds} s old (older only while the first call after a quiet spell refreshes it).`,
      ),
    ),
  }),
  v.examples([
    {
      status: 'ok',
      version: '0.1.0',
      time: '2024-05-01T10:00:00.000Z',
      checkedAt: '2024-05-01T09:59:48.000Z',
      checks: {
        table: { ok: true, latencyMs: 12 },
        bus: { ok: true, latencyMs: 20 },
        sockets: { ok: true, latencyMs: 15 },
        bot: { ok: true, latencyMs: 8, lastHandledAt: '2024-05-01T09:58:00.000Z', ageSeconds: 120 },
      },
    },
  ]),
);
export type DeepHealth = v.InferOutput<typeof DeepHealthSchema>;

export const RoomListSchema = v.pipe(
  v.object({ rooms: v.array(RoomSummarySchema), next: v.nullable(v.string()) }),
  v.description(
    `A page of rooms: "${LOBBY_ROOM_ID}" first on the first page, then by id; \`next\` (pass it as \`next\`) gives the page after, null at the end. A room with no message for ${limits.roomIdleDays} days expires (the lobby never does).`,
  ),
);
export type RoomList = v.InferOutput<typeof RoomListSchema>;

export const RoomResponseSchema = v.object({ room: RoomSchema });

/** POST /dms: the direct message as GET /rooms lists it (`dmWith`, `role`). */
export const DmResponseSchema = v.object({ room: RoomSummarySchema });

export const MessagePageSchema = v.pipe(
  v.object({
    messages: v.array(HistoryEntrySchema),
    next: v.nullable(v.string()),
  }),
  v.description(
    'Oldest to newest, edited messages as they read now, deleted ones as tombstones (`deleted: true`, no text); `next` continues in the same direction (pass it as `after` when reading with `after`, else as `before`), null at the end.',
  ),
  v.examples([{ messages: [exampleMessage], next: null }]),
);
export type MessagePage = v.InferOutput<typeof MessagePageSchema>;

export const MessageResponseSchema = v.pipe(
  v.object({ message: ChatMessageSchema }),
  v.examples([{ message: exampleMessage }]),
);

export const MemberListSchema = v.pipe(
  v.object({
    roomId: RoomIdSchema,
    members: v.array(v.string()),
    count: v.pipe(
      v.number(),
      v.integer(),
      v.minValue(0),
      v.description('How many people the room holds now.'),
    ),
    next: v.nullable(v.string()),
  }),
  v.description(
    "A page of the names of the people connected to the room now, sorted, each once; `next` continues after the last (null at the end). Presence is kept up to date from the table's stream, so a name may appear up to about a second after its socket opened, or stay as long after it closed.",
  ),
  v.examples([{ roomId: LOBBY_ROOM_ID, members: ['Ada', 'Grace'], count: 2, next: null }]),
);
export type MemberList = v.InferOutput<typeof MemberListSchema>;

// ---- operations

export type HttpAuth = 'none' | 'bearer' | 'iam';

export interface HttpResponseSpec {
  description: string;
  /** Absent for a response without a body (204). */
  schema?: v.GenericSchema;
}

export interface HttpOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway's path, `{param}` placeholders included (as infra/spec.ts `httpRoutes`). */
  path: string;
  operationId: string;
  summary: string;
  auth: HttpAuth;
  params?: v.GenericSchema;
  query?: v.GenericSchema;
  body?: v.GenericSchema;
  responses: Record<number, HttpResponseSpec>;
  examples?: {
    summary: string;
    params?: unknown;
    query?: unknown;
    body?: unknown;
    status: number;
    response: unknown;
  }[];
}

const internal = {
  description: 'Our failure, logged; no details.',
  schema: errorBodySchema(['internal']),
} satisfies HttpResponseSpec;
const unauthorized = {
  description:
    'No token, an invalid one (a guest token or Cognito access token that does not verify, from another user pool or app client, or an ID token), an expired one, or one whose session has signed out: sign in again.',
  schema: errorBodySchema(['unauthorized', 'token_expired']),
} satisfies HttpResponseSpec;
const roomNotFound = {
  description: 'No such room, or a private room the token’s person is not a member of.',
  schema: errorBodySchema(['room_not_found']),
} satisfies HttpResponseSpec;
/** A route readable without a token, which takes one for private rooms (GET history, GET members). */
const optionalToken = {
  description:
    'A token was sent but is invalid, expired or signed out (send none to read a public room; a private room needs a member’s token).',
  schema: errorBodySchema(['unauthorized', 'token_expired']),
} satisfies HttpResponseSpec;
const silenced = {
  description:
    'The person may not post here now: a moderator muted them (`muted`) or removed them from this public room (`removed`); `until` says until when.',
  schema: errorBodySchema(['muted', 'removed']),
} satisfies HttpResponseSpec;
const notAModerator = {
  description:
    'Only the room’s owner or moderators (or an admin, in a public room or the lobby) may do this.',
  schema: errorBodySchema(['forbidden']),
} satisfies HttpResponseSpec;
const exampleMute = {
  roomId: 'book-club',
  name: 'Mallory',
  kind: 'mute' as const,
  until: '2024-05-01T10:10:00.000Z',
};
const messageNotFound = {
  description:
    'No such message in the room: unknown, expired or deleted (`message_not_found`); or a private room the person is not a member of (`room_not_found`).',
  schema: errorBodySchema(['message_not_found', 'room_not_found']),
} satisfies HttpResponseSpec;
const notTheAuthor = {
  description: 'Only the message’s author may do this.',
  schema: errorBodySchema(['forbidden']),
} satisfies HttpResponseSpec;
const actingTooFast = {
  description:
    'Editing, deleting and reacting too fast: they share one allowance per person, the same size as sending’s: a burst of 5 for an account, 3 for a guest, then one a second (LIMIT_MESSAGE_BURST_ACCOUNT, LIMIT_MESSAGE_BURST_GUEST, LIMIT_MESSAGE_INTERVAL_MS).',
  schema: errorBodySchema(['rate_limited']),
} satisfies HttpResponseSpec;
const badMessagePath = 'A malformed room id or messageId.';
const exampleEdited = { ...exampleMessage, text: 'hi pyro!', editedAt: '2024-05-01T10:05:00.000Z' };

export const httpOperations: readonly HttpOperation[] = [
  {
    method: 'GET',
    path: '/health',
    operationId: 'ping',
    summary: 'A cheap ping that touches no dependency.',
    auth: 'none',
    responses: {
      200: { description: 'Up.', schema: HealthSchema },
      500: { description: "API Gateway's answer when the function fails.", schema: GatewayErrorSchema },
    },
  },
  {
    method: 'GET',
    path: '/health/deep',
    operationId: 'deepHealth',
    summary: `Each dependency's probe (table, bus, sockets endpoint, bot freshness) from a result at most ${limits.deepHealthMaxAgeSeconds} s old that every instance shares (\`checkedAt\`); version, nothing secret.`,
    auth: 'none',
    responses: {
      200: { description: 'Every dependency answers.', schema: DeepHealthSchema },
      503: { description: 'At least one dependency fails (`status: failing`).', schema: DeepHealthSchema },
      500: { description: "API Gateway's answer when the function fails.", schema: GatewayErrorSchema },
    },
  },
  {
    method: 'POST',
    path: '/sessions',
    operationId: 'createSession',
    summary:
      "Guest sign-in: a signed token for a name, which the session holds until it expires (a look-alike of a held name or of the bot's is refused).",
    auth: 'none',
    body: CreateSessionBodySchema,
    responses: {
      201: { description: 'Signed in.', schema: SessionSchema },
      400: {
        description: 'The body is not a JSON object, or the name breaks the rules.',
        schema: errorBodySchema(['invalid_json', 'invalid_name']),
      },
      409: {
        description:
          "The name is the bot's or looks like it (`name_reserved`), or another guest's session holds it, or an account has it as its username, or either holds a name that looks like it (`name_taken`: same letters in any case, with spaces, `_` or `-`, `0` for `o`, `1` or `I` for `l`, `rn` for `m`).",
        schema: errorBodySchema(['name_reserved', 'name_taken']),
      },
      429: {
        description: 'Too many sign-ins from this address this minute (LIMIT_GUEST_SIGNINS_PER_MINUTE, 20).',
        schema: errorBodySchema(['rate_limited']),
      },
      500: internal,
    },
    examples: [
      { summary: 'Sign in as Ada', body: { name: 'Ada' }, status: 201, response: exampleSession },
      {
        summary: "The bot's name is taken",
        body: { name: 'pyro' },
        status: 409,
        response: { error: { code: 'name_reserved', message: 'The name "Pyro" belongs to the bot' } },
      },
      {
        summary: 'Another guest or an account holds the name (or one that looks like it)',
        body: { name: 'a1ice' },
        status: 409,
        response: {
          error: {
            code: 'name_taken',
            message: 'The name "a1ice" is in use, or looks like a name in use: choose another',
          },
        },
      },
    ],
  },
  {
    method: 'DELETE',
    path: '/sessions/current',
    operationId: 'deleteSession',
    summary:
      "Signs the token's session out on the server, a guest's or an account's. A guest token: its session ends, its name is free for anyone to take. An account's Cognito access token: that sign-in ends (every access token refreshed from it shares its `origin_jti`), the account's other sign-ins go on; the page also revokes its refresh token with Cognito. Either way the token is refused from then on (401 here, on every Bearer route and at the WebSocket's `$connect`), and the session's open sockets are closed within seconds, their frames refused (`unauthorized`) if any is still open.",
    auth: 'bearer',
    responses: {
      204: { description: 'Signed out: the session has ended (no body).' },
      401: {
        description:
          'No token, an invalid or expired one (a forged signature, another user pool or app client, an ID token), or one whose session has ended (signed out already).',
        schema: errorBodySchema(['unauthorized', 'token_expired']),
      },
      500: internal,
    },
  },
  {
    method: 'GET',
    path: '/rooms',
    operationId: 'listRooms',
    summary: `A page of public rooms, the lobby first. With an \`Authorization: Bearer\` token (optional), each room also carries that person's \`unread\` and \`mentions\` counts (each room's costs one Query of at most ${limits.unread.scannedMax} messages) and \`role\`, and the first page also lists the person's private rooms and direct messages (\`visibility: "private"\`; direct messages \`kind: "dm"\` with \`dmWith\`, the other person; at most ${limits.moderation.privateRoomsListed}) right after the lobby. A private room is listed to its members only.`,
    auth: 'none',
    query: ListRoomsQuerySchema,
    responses: {
      200: { description: 'A page of rooms.', schema: RoomListSchema },
      400: {
        description: 'A malformed limit, or a `next` that is not the cursor of a page.',
        schema: errorBodySchema(['invalid_request', 'invalid_cursor']),
      },
      401: {
        description:
          'A token was sent but is invalid, expired or signed out (send none to list the rooms without counts).',
        schema: errorBodySchema(['unauthorized', 'token_expired']),
      },
      500: internal,
    },
    examples: [
      {
        summary: 'The first page',
        query: { limit: '50' },
        status: 200,
        response: { rooms: [exampleLobby, exampleRoom], next: null },
      },
      {
        summary: 'The first page, with a token: what Ada has not read',
        query: { limit: '50' },
        status: 200,
        response: {
          rooms: [
            { ...exampleLobby, unread: 3, mentions: 1 },
            { ...exampleRoom, unread: 0, mentions: 0 },
          ],
          next: null,
        },
      },
      {
        summary: 'With a token: a private room and a direct message',
        query: { limit: '50' },
        status: 200,
        response: {
          rooms: [
            { ...exampleLobby, unread: 0, mentions: 0 },
            { ...examplePrivateRoom, role: 'owner', unread: 0, mentions: 0 },
            {
              roomId: 'dm-3f2a9c0b1d4e5f60718293a4',
              name: 'Ada & Grace',
              createdAt: '2024-05-01T09:10:00.000Z',
              createdBy: 'Ada',
              visibility: 'private',
              kind: 'dm',
              role: 'member',
              dmWith: 'Grace',
              unread: 1,
              mentions: 0,
            },
            { ...exampleRoom, roomId: 'chess', name: 'Chess', unread: 0, mentions: 0 },
          ],
          next: null,
        },
      },
    ],
  },
  {
    method: 'POST',
    path: '/rooms',
    operationId: 'createRoom',
    summary:
      'Creates a room; its id is the slug of its name. An account that creates a room is its `owner`. `visibility: "private"` (accounts only) makes a room only its members see: the owner first, then whom the owner and moderators add (PUT /rooms/{roomId}/members/{name}).',
    auth: 'bearer',
    body: CreateRoomBodySchema,
    responses: {
      201: { description: 'Created.', schema: RoomResponseSchema },
      400: {
        description:
          'The body is not a JSON object, the name breaks the rules or makes an id starting "dm-" (kept for direct messages), or `visibility` is neither "public" nor "private".',
        schema: errorBodySchema(['invalid_json', 'invalid_room', 'invalid_request']),
      },
      401: unauthorized,
      403: {
        description:
          'A guest asked for a private room: only accounts have them (members must be lasting names).',
        schema: errorBodySchema(['forbidden']),
      },
      409: {
        description: 'A room with that id exists already (or the name makes "lobby").',
        schema: errorBodySchema(['room_exists']),
      },
      429: {
        description:
          "The creator has made the hour's rooms: 3 an hour for a guest, 10 for an account (LIMIT_ROOMS_PER_HOUR_GUEST, LIMIT_ROOMS_PER_HOUR_ACCOUNT).",
        schema: errorBodySchema(['rate_limited']),
      },
      500: internal,
    },
    examples: [
      {
        summary: 'Create Book Club',
        body: { name: 'Book Club' },
        status: 201,
        response: { room: exampleRoom },
      },
      {
        summary: 'A private room',
        body: { name: 'Book Club', visibility: 'private' },
        status: 201,
        response: { room: examplePrivateRoom },
      },
    ],
  },
  {
    method: 'GET',
    path: '/rooms/{roomId}/messages',
    operationId: 'listMessages',
    summary:
      'A page of history, oldest to newest; expired messages never appear. A private room’s history needs a member’s `Authorization: Bearer` token (optional otherwise).',
    auth: 'none',
    params: RoomPathSchema,
    query: ListMessagesQuerySchema,
    responses: {
      200: { description: 'A page.', schema: MessagePageSchema },
      400: {
        description: 'A malformed room id, limit or cursor.',
        schema: errorBodySchema(['invalid_room', 'invalid_request', 'invalid_cursor']),
      },
      401: optionalToken,
      404: roomNotFound,
      500: internal,
    },
    examples: [
      {
        summary: 'The newest messages',
        params: { roomId: LOBBY_ROOM_ID },
        query: { limit: '50' },
        status: 200,
        response: { messages: [exampleMessage], next: null },
      },
      {
        summary: 'A deleted message, then an edited reply with a reaction',
        params: { roomId: LOBBY_ROOM_ID },
        query: { limit: '50' },
        status: 200,
        response: {
          messages: [
            exampleDeletedMessage,
            {
              ...exampleMessage,
              messageId: '1714557660000-0f1e2d3c4b',
              sender: 'Grace',
              text: '@Ada see you there',
              createdAt: '2024-05-01T10:01:00.000Z',
              editedAt: '2024-05-01T10:02:00.000Z',
              reactions: { '👍': ['Ada'] },
              replyTo: { messageId: exampleMessage.messageId, sender: 'Ada', excerpt: 'hi pyro' },
              mentions: ['Ada'],
            },
          ],
          next: null,
        },
      },
    ],
  },
  {
    method: 'POST',
    path: '/rooms/{roomId}/messages',
    operationId: 'postMessage',
    summary:
      "Posts a message as the token's guest; the room gets it at once over the WebSocket. With `replyTo`, it answers that message of the room and carries `replyTo {messageId, sender, excerpt}`; `@name`s of people known in the room become its `mentions`.",
    auth: 'bearer',
    params: RoomPathSchema,
    body: PostMessageBodySchema,
    responses: {
      201: { description: 'Stored and sent.', schema: MessageResponseSchema },
      400: {
        description:
          'The body is not a JSON object, the text breaks the rules, the room id is malformed, or `replyTo` is not a messageId.',
        schema: errorBodySchema(['invalid_json', 'invalid_text', 'invalid_room', 'invalid_request']),
      },
      401: unauthorized,
      404: {
        description:
          'No such room, or `replyTo` names no live, undeleted message of this room (`message_not_found`).',
        schema: errorBodySchema(['room_not_found', 'message_not_found']),
      },
      403: silenced,
      429: {
        description:
          'Sending too fast: a burst of 5 for an account, 3 for a guest, then one a second (LIMIT_MESSAGE_BURST_ACCOUNT, LIMIT_MESSAGE_BURST_GUEST, LIMIT_MESSAGE_INTERVAL_MS).',
        schema: errorBodySchema(['rate_limited']),
      },
      500: internal,
    },
    examples: [
      {
        summary: 'Ask Pyro for help',
        params: { roomId: LOBBY_ROOM_ID },
        body: { text: 'pyro help' },
        status: 201,
        response: { message: { ...exampleMessage, text: 'pyro help' } },
      },
      {
        summary: 'Answer a message, calling its sender',
        params: { roomId: LOBBY_ROOM_ID },
        body: { text: '@Ada me too', replyTo: exampleMessage.messageId },
        status: 201,
        response: {
          message: {
            ...exampleMessage,
            messageId: '1714557660000-0f1e2d3c4b',
            sender: 'Grace',
            text: '@Ada me too',
            createdAt: '2024-05-01T10:01:00.000Z',
            replyTo: { messageId: exampleMessage.messageId, sender: 'Ada', excerpt: 'hi pyro' },
            mentions: ['Ada'],
          },
        },
      },
    ],
  },
  {
    method: 'PATCH',
    path: '/rooms/{roomId}/messages/{messageId}',
    operationId: 'editMessage',
    summary:
      'Replaces the text of your own message (its mentions are worked out again); the room gets `messageUpdated` with `editedAt`, and `MessageEdited` goes on the bus (Pyro does not answer an edit).',
    auth: 'bearer',
    params: MessagePathSchema,
    body: EditMessageBodySchema,
    responses: {
      200: { description: 'Edited and sent.', schema: MessageResponseSchema },
      400: {
        description: `The body is not a JSON object, the text breaks the rules, or ${badMessagePath.toLowerCase()}`,
        schema: errorBodySchema(['invalid_json', 'invalid_text', 'invalid_room', 'invalid_request']),
      },
      401: unauthorized,
      403: notTheAuthor,
      404: messageNotFound,
      429: actingTooFast,
      500: internal,
    },
    examples: [
      {
        summary: 'Fix a typo',
        params: { roomId: LOBBY_ROOM_ID, messageId: exampleMessage.messageId },
        body: { text: 'hi pyro!' },
        status: 200,
        response: { message: exampleEdited },
      },
      {
        summary: "Someone else's message",
        params: { roomId: LOBBY_ROOM_ID, messageId: exampleMessage.messageId },
        body: { text: 'hi pyro!' },
        status: 403,
        response: { error: { code: 'forbidden', message: 'Only its author may edit a message' } },
      },
    ],
  },
  {
    method: 'DELETE',
    path: '/rooms/{roomId}/messages/{messageId}',
    operationId: 'deleteMessage',
    summary:
      'Deletes a message for good: your own, or as the room’s owner or moderator (or an admin, in a public room or the lobby) anyone’s, which the moderation log records. History keeps a tombstone without its text, the room gets `messageDeleted`, and `MessageDeleted` goes on the bus.',
    auth: 'bearer',
    params: MessagePathSchema,
    responses: {
      204: { description: 'Deleted (no body).' },
      400: { description: badMessagePath, schema: errorBodySchema(['invalid_room', 'invalid_request']) },
      401: unauthorized,
      403: {
        ...notTheAuthor,
        description: 'Only the message’s author or the room’s moderators may delete it.',
      },
      404: {
        description: `${messageNotFound.description} Deleting twice is a 404; so is a private room you are not a member of (\`room_not_found\`).`,
        schema: errorBodySchema(['message_not_found', 'room_not_found']),
      },
      429: actingTooFast,
      500: internal,
    },
  },
  {
    method: 'PUT',
    path: '/rooms/{roomId}/messages/{messageId}/reactions/{emoji}',
    operationId: 'addReaction',
    summary:
      'Adds your reaction (idempotent); the room gets `messageUpdated` when it changed anything. Any live message may be reacted to, your own included.',
    auth: 'bearer',
    params: ReactionPathSchema,
    responses: {
      200: { description: 'The message with its reactions now.', schema: MessageResponseSchema },
      400: {
        description: `${badMessagePath} Or the emoji is not one emoji (\`invalid_emoji\`).`,
        schema: errorBodySchema(['invalid_room', 'invalid_request', 'invalid_emoji']),
      },
      401: unauthorized,
      404: messageNotFound,
      409: {
        description: `The message holds all the reactions it may: ${limits.reactions.maxEmoji} different emoji, or ${limits.reactions.maxNamesPerEmoji} names for this one.`,
        schema: errorBodySchema(['too_many_reactions']),
      },
      429: actingTooFast,
      500: internal,
    },
    examples: [
      {
        summary: 'Thumbs up',
        params: { roomId: LOBBY_ROOM_ID, messageId: exampleMessage.messageId, emoji: '👍' },
        status: 200,
        response: { message: { ...exampleMessage, reactions: { '👍': ['Grace'] } } },
      },
    ],
  },
  {
    method: 'DELETE',
    path: '/rooms/{roomId}/messages/{messageId}/reactions/{emoji}',
    operationId: 'removeReaction',
    summary:
      'Takes your reaction back (idempotent); the room gets `messageUpdated` when it changed anything.',
    auth: 'bearer',
    params: ReactionPathSchema,
    responses: {
      200: { description: 'The message with its reactions now.', schema: MessageResponseSchema },
      400: {
        description: `${badMessagePath} Or the emoji is not one emoji (\`invalid_emoji\`).`,
        schema: errorBodySchema(['invalid_room', 'invalid_request', 'invalid_emoji']),
      },
      401: unauthorized,
      404: messageNotFound,
      429: actingTooFast,
      500: internal,
    },
  },
  {
    method: 'POST',
    path: '/rooms/{roomId}/read',
    operationId: 'markRead',
    summary:
      "Moves your read marker in the room forward to `messageId` (one item per person and room); GET /rooms with your token then counts only newer messages. An older messageId than the marker's changes nothing.",
    auth: 'bearer',
    params: RoomPathSchema,
    body: MarkReadBodySchema,
    responses: {
      204: { description: 'Recorded (no body).' },
      400: {
        description: 'The body is not a JSON object, or the room id or messageId is malformed.',
        schema: errorBodySchema(['invalid_json', 'invalid_room', 'invalid_request']),
      },
      401: unauthorized,
      404: roomNotFound,
      500: internal,
    },
  },
  {
    method: 'GET',
    path: '/rooms/{roomId}/members',
    operationId: 'listMembers',
    summary:
      'Who is connected to the room now, a page at a time. A private room’s needs a member’s `Authorization: Bearer` token (optional otherwise).',
    auth: 'none',
    params: RoomPathSchema,
    query: ListMembersQuerySchema,
    responses: {
      200: { description: 'A page of members.', schema: MemberListSchema },
      400: {
        description: 'A malformed room id, a bad limit, or a cursor this API did not give.',
        schema: errorBodySchema(['invalid_room', 'invalid_request', 'invalid_cursor']),
      },
      401: optionalToken,
      404: roomNotFound,
      500: internal,
    },
    examples: [
      {
        summary: 'The lobby',
        params: { roomId: LOBBY_ROOM_ID },
        status: 200,
        response: { roomId: LOBBY_ROOM_ID, members: ['Ada', 'Grace'], count: 2, next: null },
      },
    ],
  },
  {
    method: 'GET',
    path: '/rooms/{roomId}/roles',
    operationId: 'listRoles',
    summary:
      'Who has a role in the room (owner, moderators, and a private room’s members), and the admins where they moderate. A private room’s needs a member’s token (optional otherwise).',
    auth: 'none',
    params: RoomPathSchema,
    query: AccessPageQuerySchema,
    responses: {
      200: { description: 'A page of roles.', schema: RoomRolesSchema },
      400: {
        description: 'A malformed room id, limit or cursor.',
        schema: errorBodySchema(['invalid_room', 'invalid_request', 'invalid_cursor']),
      },
      401: optionalToken,
      404: roomNotFound,
      500: internal,
    },
  },
  {
    method: 'PUT',
    path: '/rooms/{roomId}/members/{name}',
    operationId: 'putMember',
    summary:
      'Gives an account a role in the room (idempotent). In a private room: adds a member (`role` "member", the default) or makes one a moderator; owners and moderators add members, only the owner makes moderators. In a public room only "moderator" means anything: the owner (or an admin) makes one. Recorded in the moderation log.',
    auth: 'bearer',
    params: MemberPathSchema,
    body: PutMemberBodySchema,
    responses: {
      200: { description: 'The person’s role now.', schema: MemberResponseSchema },
      400: {
        description:
          'The body is not a JSON object (when sent), the room id or name is malformed, or the role does not fit the room (`member` in a public room, changing the owner).',
        schema: errorBodySchema(['invalid_json', 'invalid_room', 'invalid_name', 'invalid_request']),
      },
      401: unauthorized,
      403: { ...notAModerator, description: `${notAModerator.description} Only the owner makes moderators.` },
      404: {
        description:
          'No such room (or a private room you are not a member of: `room_not_found`), or no account has that name (`account_not_found`: guests cannot be members).',
        schema: errorBodySchema(['room_not_found', 'account_not_found']),
      },
      500: internal,
    },
    examples: [
      {
        summary: 'Add Grace to a private room',
        params: { roomId: 'book-club', name: 'Grace' },
        body: {},
        status: 200,
        response: {
          member: { name: 'Grace', role: 'member', addedBy: 'Ada', addedAt: '2024-05-01T09:30:00.000Z' },
        },
      },
      {
        summary: 'A guest’s name',
        params: { roomId: 'book-club', name: 'Linus' },
        body: {},
        status: 404,
        response: {
          error: {
            code: 'account_not_found',
            message: 'No account is named "Linus": only accounts can be members (guests cannot)',
          },
        },
      },
    ],
  },
  {
    method: 'DELETE',
    path: '/rooms/{roomId}/members/{name}',
    operationId: 'deleteMember',
    summary:
      'Takes a person’s role away: a private room’s member is no longer one (their sockets in it get `removed` and move to the lobby), a public room’s moderator becomes a plain reader. Owners take anyone’s but their own, moderators only members’; anyone may take their own (leave). The owner cannot leave. Idempotent; recorded in the moderation log.',
    auth: 'bearer',
    params: MemberPathSchema,
    responses: {
      204: { description: 'Done (no body).' },
      400: {
        description: 'A malformed room id or name.',
        schema: errorBodySchema(['invalid_room', 'invalid_name']),
      },
      401: unauthorized,
      403: {
        description:
          'Not the owner or a moderator (or a moderator acting on a moderator or the owner), or the owner leaving.',
        schema: errorBodySchema(['forbidden']),
      },
      404: roomNotFound,
      500: internal,
    },
  },
  {
    method: 'POST',
    path: '/dms',
    operationId: 'openDm',
    summary:
      'Opens the direct message with another account: the private room of exactly those two (its id follows from the two names, so asking again, by either, returns the same room). Accounts only.',
    auth: 'bearer',
    body: OpenDmBodySchema,
    responses: {
      200: { description: 'It existed already.', schema: DmResponseSchema },
      201: { description: 'Opened.', schema: DmResponseSchema },
      400: {
        description: 'The body is not a JSON object, the name is malformed, or it is your own.',
        schema: errorBodySchema(['invalid_json', 'invalid_name', 'invalid_request']),
      },
      401: unauthorized,
      403: {
        description: 'A guest: direct messages are between accounts.',
        schema: errorBodySchema(['forbidden']),
      },
      404: {
        description: 'No account has that name (guests have no direct messages).',
        schema: errorBodySchema(['account_not_found']),
      },
      429: {
        description:
          'A new direct message counts as one of the opener’s rooms: past 10 rooms and direct messages an hour (LIMIT_ROOMS_PER_HOUR_ACCOUNT). Opening an existing one is free.',
        schema: errorBodySchema(['rate_limited']),
      },
      500: internal,
    },
    examples: [
      {
        summary: 'Ada opens a direct message with Grace',
        body: { name: 'Grace' },
        status: 201,
        response: {
          room: {
            roomId: 'dm-3f2a9c0b1d4e5f60718293a4',
            name: 'Ada & Grace',
            createdAt: '2024-05-01T09:10:00.000Z',
            createdBy: 'Ada',
            visibility: 'private',
            kind: 'dm',
            role: 'member',
            dmWith: 'Grace',
          },
        },
      },
    ],
  },
  {
    method: 'POST',
    path: '/rooms/{roomId}/removals',
    operationId: 'removePerson',
    summary:
      'Removes a person from the room: their sockets in it get `removed {roomId, reason, until?}` and move to the lobby. From a public room (or the lobby) the removal holds for `minutes`: meanwhile they cannot join (`removed`), connect to it or post there; from a private room it ends their membership. Owners and moderators (admins in public rooms) only, never on the owner, a moderator or an admin unless the owner acts. Recorded in the moderation log.',
    auth: 'bearer',
    params: RoomPathSchema,
    body: RemovalBodySchema,
    responses: {
      201: { description: 'Removed.', schema: SanctionResponseSchema },
      400: {
        description:
          'The body is not a JSON object, or a field breaks its rule (the name, minutes, reason), or you named yourself.',
        schema: errorBodySchema(['invalid_json', 'invalid_room', 'invalid_name', 'invalid_request']),
      },
      401: unauthorized,
      403: notAModerator,
      404: roomNotFound,
      500: internal,
    },
  },
  {
    method: 'DELETE',
    path: '/rooms/{roomId}/removals/{name}',
    operationId: 'liftRemoval',
    summary: 'Ends a public room’s removal early (idempotent); recorded in the moderation log.',
    auth: 'bearer',
    params: MemberPathSchema,
    responses: {
      204: { description: 'Lifted (no body).' },
      400: {
        description: 'A malformed room id or name.',
        schema: errorBodySchema(['invalid_room', 'invalid_name']),
      },
      401: unauthorized,
      403: notAModerator,
      404: roomNotFound,
      500: internal,
    },
  },
  {
    method: 'POST',
    path: '/rooms/{roomId}/mutes',
    operationId: 'mutePerson',
    summary:
      'Mutes a person in the room for `minutes`: they still read it, but posting there answers 403 `muted` with `until`. Owners and moderators (admins in public rooms) only. Recorded in the moderation log.',
    auth: 'bearer',
    params: RoomPathSchema,
    body: MuteBodySchema,
    responses: {
      201: { description: 'Muted.', schema: SanctionResponseSchema },
      400: {
        description: 'The body is not a JSON object, or a field breaks its rule, or you named yourself.',
        schema: errorBodySchema(['invalid_json', 'invalid_room', 'invalid_name', 'invalid_request']),
      },
      401: unauthorized,
      403: notAModerator,
      404: roomNotFound,
      500: internal,
    },
    examples: [
      {
        summary: 'Mute Mallory for ten minutes',
        params: { roomId: 'book-club' },
        body: { name: 'Mallory', minutes: 10 },
        status: 201,
        response: { sanction: exampleMute },
      },
    ],
  },
  {
    method: 'DELETE',
    path: '/rooms/{roomId}/mutes/{name}',
    operationId: 'unmutePerson',
    summary: 'Ends a mute early (idempotent); recorded in the moderation log.',
    auth: 'bearer',
    params: MemberPathSchema,
    responses: {
      204: { description: 'Unmuted (no body).' },
      400: {
        description: 'A malformed room id or name.',
        schema: errorBodySchema(['invalid_room', 'invalid_name']),
      },
      401: unauthorized,
      403: notAModerator,
      404: roomNotFound,
      500: internal,
    },
  },
  {
    method: 'GET',
    path: '/rooms/{roomId}/moderation',
    operationId: 'moderationLog',
    summary: `The room’s moderation log, newest first (kept ${limits.moderation.auditDays} days): for its owner, moderators and (public rooms, the lobby) admins only.`,
    auth: 'bearer',
    params: RoomPathSchema,
    query: AccessPageQuerySchema,
    responses: {
      200: { description: 'A page of the log.', schema: ModerationLogSchema },
      400: {
        description: 'A malformed room id, limit or cursor.',
        schema: errorBodySchema(['invalid_room', 'invalid_request', 'invalid_cursor']),
      },
      401: unauthorized,
      403: notAModerator,
      404: roomNotFound,
      500: internal,
    },
  },
  {
    method: 'POST',
    path: '/bot/rooms/{roomId}/messages',
    operationId: 'botPostMessage',
    summary: "The bot's reply path (SigV4-signed, IAM-authorized); the sender is the bot.",
    auth: 'iam',
    params: RoomPathSchema,
    body: BotPostMessageBodySchema,
    responses: {
      201: { description: 'Stored and sent.', schema: MessageResponseSchema },
      400: {
        description: 'The body is not a JSON object, the text breaks the rules, or the room id is malformed.',
        schema: errorBodySchema(['invalid_json', 'invalid_text', 'invalid_room']),
      },
      403: {
        description: 'API Gateway refused an unsigned or wrongly signed call.',
        schema: GatewayErrorSchema,
      },
      404: roomNotFound,
      500: internal,
    },
  },
];
