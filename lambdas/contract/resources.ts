/** The things the API hands out: messages, rooms and guest sessions. */
import * as v from 'valibot';
import { RoleSchema, RoomKindSchema, VisibilitySchema } from './access';
import {
  MessageIdSchema,
  NameSchema,
  RoomIdSchema,
  RoomNameSchema,
  TextSchema,
  TimestampSchema,
} from './fields';
import { BOT_NAME, LOBBY_ROOM_ID, limits } from './limits';

export const exampleMessage = {
  messageId: '1714557600000-a1b2c3d4e5',
  roomId: LOBBY_ROOM_ID,
  sender: 'Ada',
  senderType: 'guest' as const,
  text: 'hi pyro',
  createdAt: '2024-05-01T10:00:00.000Z',
};

export const exampleRoom = {
  roomId: 'book-club',
  name: 'Book Club',
  createdAt: '2024-05-01T09:00:00.000Z',
  createdBy: 'Ada',
};

/** The lobby as GET /rooms lists it: never stored, so its creation time is the epoch. */
export const exampleLobby = {
  roomId: LOBBY_ROOM_ID,
  name: 'Lobby',
  createdAt: '1970-01-01T00:00:00.000Z',
  createdBy: 'chatty',
};

export const exampleSession = {
  token: 'eyJuIjoiQWRhIiwiZSI6MTcxNDYwMDgwMH0.c2lnbmF0dXJl',
  name: 'Ada',
  expiresAt: '2024-05-01T22:00:00.000Z',
};

/** The kinds of sender, in the order the documents list them. */
export const SENDER_TYPES = ['user', 'guest', 'bot'] as const;

/**
 * Who sent a message, set by the server from how the sender signed in (never from the body): a reader can tell a
 * name nobody holds for good (a guest's) from an account's and from the bot's.
 */
export const SenderTypeSchema = v.pipe(
  v.picklist(SENDER_TYPES),
  v.description(
    `Who sent the message: "user" a person signed in with an account (the name is their username, theirs alone); "guest" a person who signed in as a guest (POST /sessions: the name is no account's); "bot" ${BOT_NAME}, the bot.`,
  ),
  v.examples(['guest']),
);
export type SenderType = v.InferOutput<typeof SenderTypeSchema>;

/** What a reply quotes of the message it answers, as that message read when the reply was posted. */
export const ReplyToSchema = v.pipe(
  v.object({
    messageId: MessageIdSchema,
    sender: NameSchema,
    excerpt: v.pipe(
      v.string(),
      v.maxLength(limits.replyExcerpt.maxLength),
      v.description(
        `The start of the original's text, white space collapsed, at most ${limits.replyExcerpt.maxLength} characters (ends with "…" when cut).`,
      ),
    ),
  }),
  v.description(
    'The message this one answers (same room). A snapshot: a later edit or deletion of the original does not change it.',
  ),
  v.examples([{ messageId: '1714557600000-a1b2c3d4e5', sender: 'Ada', excerpt: 'hi pyro' }]),
);
export type ReplyTo = v.InferOutput<typeof ReplyToSchema>;

const reactionBounds = `at most ${limits.reactions.maxEmoji} different emoji per message, ${limits.reactions.maxNamesPerEmoji} names per emoji`;

/** emoji → the names of who reacted with it, in the order they did; an emoji nobody holds any more is dropped. */
export const ReactionsSchema = v.pipe(
  v.record(
    v.string(),
    v.pipe(v.array(NameSchema), v.minLength(1), v.maxLength(limits.reactions.maxNamesPerEmoji)),
  ),
  v.description(
    `Reactions: emoji (one RGI emoji each) → the names who reacted with it, first first; ${reactionBounds}. Absent when there is none.`,
  ),
  v.examples([{ '👍': ['Grace', 'Alan'] }]),
);
export type Reactions = v.InferOutput<typeof ReactionsSchema>;

export const MentionsSchema = v.pipe(
  v.array(NameSchema),
  v.maxLength(limits.mentions.max),
  v.description(
    `The people the text calls by \`@name\` who are known in the room (connected to it, or among the senders of its last ${limits.mentions.recentMessages} messages), as they spell their names, each once, at most ${limits.mentions.max}. Absent when there is none.`,
  ),
  v.examples([['Grace']]),
);

/**
 * A message, human or bot. The server sets `sender` (from the token, or the bot's name) and `senderType` (from the
 * kind of token, or the bot's route), never the body; `editedAt`, `reactions`, `replyTo` and `mentions` are set
 * by the server too, and absent when they have nothing to say.
 */
export const ChatMessageSchema = v.pipe(
  v.object({
    messageId: MessageIdSchema,
    roomId: RoomIdSchema,
    sender: NameSchema,
    senderType: SenderTypeSchema,
    text: TextSchema,
    createdAt: TimestampSchema,
    editedAt: v.optional(
      v.pipe(TimestampSchema, v.description('When its author last edited the text; absent if never.')),
    ),
    reactions: v.optional(ReactionsSchema),
    replyTo: v.optional(ReplyToSchema),
    mentions: v.optional(MentionsSchema),
  }),
  v.description(`A chat message; the bot's have sender "${BOT_NAME}" and senderType "bot".`),
  v.examples([
    exampleMessage,
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
  ]),
);
export type ChatMessage = v.InferOutput<typeof ChatMessageSchema>;

export const exampleDeletedMessage = {
  messageId: '1714557600000-a1b2c3d4e5',
  roomId: LOBBY_ROOM_ID,
  sender: 'Ada',
  senderType: 'guest' as const,
  createdAt: '2024-05-01T10:00:00.000Z',
  deleted: true as const,
};

/**
 * A deleted message in history: where it was and who sent it, never its text (nor its reactions, replyTo or
 * mentions). Deletion is for good: a tombstone cannot be edited, reacted to or replied to (404 `message_not_found`).
 */
export const DeletedMessageSchema = v.pipe(
  v.object({
    messageId: MessageIdSchema,
    roomId: RoomIdSchema,
    sender: NameSchema,
    senderType: SenderTypeSchema,
    createdAt: TimestampSchema,
    deleted: v.literal(true),
  }),
  v.description('A tombstone: its author deleted the message; history keeps its place but not its text.'),
  v.examples([exampleDeletedMessage]),
);
export type DeletedMessage = v.InferOutput<typeof DeletedMessageSchema>;

/** What history holds: messages, and tombstones where messages were deleted (`deleted: true`, no `text`). */
export const HistoryEntrySchema = v.pipe(
  v.union([ChatMessageSchema, DeletedMessageSchema]),
  v.description('A message, or the tombstone of a deleted one (`deleted: true`, no `text`).'),
);
export type HistoryEntry = v.InferOutput<typeof HistoryEntrySchema>;

const roomEntries = {
  roomId: RoomIdSchema,
  name: RoomNameSchema,
  createdAt: TimestampSchema,
  /** The guest or account who created it (`chatty` for the lobby). */
  createdBy: v.string(),
  /** Set on every room since issue 16; absent (public) only on rooms stored before. */
  visibility: v.optional(VisibilitySchema),
  kind: v.optional(RoomKindSchema),
  owner: v.optional(
    v.pipe(
      v.string(),
      v.description(
        'The account that created the room and owns it; absent when a guest created it (guests hold no role).',
      ),
    ),
  ),
};

export const examplePrivateRoom = {
  roomId: 'book-club',
  name: 'Book Club',
  createdAt: '2024-05-01T09:00:00.000Z',
  createdBy: 'Ada',
  visibility: 'private' as const,
  kind: 'room' as const,
  owner: 'Ada',
};

export const RoomSchema = v.pipe(
  v.object(roomEntries),
  v.description(`A room; "${LOBBY_ROOM_ID}" always exists.`),
  v.examples([exampleRoom, exampleLobby, examplePrivateRoom]),
);
export type Room = v.InferOutput<typeof RoomSchema>;

const unreadCount = (what: string) =>
  v.pipe(
    v.number(),
    v.integer(),
    v.minValue(0),
    v.maxValue(limits.unread.max),
    v.description(
      `${what}, counted up to ${limits.unread.max} (${limits.unread.max} means ${limits.unread.max} or more: show "${limits.unread.max - 1}+").`,
    ),
  );

/**
 * A room as GET /rooms lists it: with a Bearer token, also what that person has not read there (messages newer
 * than their read marker, POST /rooms/{roomId}/read, or every live message without one), their own and deleted
 * ones not counted.
 */
export const RoomSummarySchema = v.pipe(
  v.object({
    ...roomEntries,
    unread: v.optional(unreadCount('Messages the token’s person has not read (only with a token)')),
    mentions: v.optional(
      unreadCount('Of those, the ones that mention the token’s person (only with a token)'),
    ),
    role: v.optional(
      v.pipe(RoleSchema, v.description('The token’s person’s role in the room, if any (only with a token).')),
    ),
    dmWith: v.optional(
      v.pipe(v.string(), v.description('A direct message (`kind: "dm"`): the other person’s name.')),
    ),
  }),
  v.description(
    `A room in the list; with a Bearer token, with that person's \`unread\` and \`mentions\` counts. "${LOBBY_ROOM_ID}" always exists.`,
  ),
  v.examples([
    exampleRoom,
    { ...exampleLobby, unread: 3, mentions: 1 },
    { ...examplePrivateRoom, role: 'owner', unread: 0, mentions: 0 },
  ]),
);
export type RoomSummary = v.InferOutput<typeof RoomSummarySchema>;

/** A guest session: the token goes in `Authorization: Bearer …` and in the WebSocket URL's `token`. */
export const SessionSchema = v.pipe(
  v.object({
    token: v.pipe(v.string(), v.minLength(1)),
    name: NameSchema,
    /** When the token stops being accepted (12 hours after sign-in). */
    expiresAt: TimestampSchema,
  }),
  v.description('A guest session; sign in again once it has expired.'),
  v.examples([exampleSession]),
);
export type Session = v.InferOutput<typeof SessionSchema>;
