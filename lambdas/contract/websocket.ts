/**
 * The WebSocket API: connect with `?token=…&roomId=…`; client frames are routed on `action` (infra/spec.ts
 * `webSocketRouteSelection`; anything else goes to `$default`, which answers `unknown_action`), server frames
 * carry a `type`. `webSocketOperations` is what the AsyncAPI document is generated from.
 */
import * as v from 'valibot';
import { RemovedFrameSchema } from './access';
import { errorCode } from './error-code';
import { errorCodes } from './errors';
import {
  ClientMessageIdSchema,
  EmojiSchema,
  MessageIdSchema,
  NameSchema,
  ReplyToIdSchema,
  RoomIdSchema,
  TextSchema,
  TimestampSchema,
} from './fields';
import { LOBBY_ROOM_ID, limits } from './limits';
import { ChatMessageSchema, exampleMessage } from './resources';

/** The query string of the `$connect` request (browsers cannot set headers on a WebSocket). */
export const ConnectQuerySchema = v.pipe(
  v.object({
    token: v.pipe(
      v.string(),
      v.description("A guest token from POST /sessions, or an account's Cognito access token."),
    ),
    roomId: v.optional(RoomIdSchema, LOBBY_ROOM_ID),
  }),
  v.description(
    'A missing, invalid, expired or signed-out token is refused with 401; a malformed room id with 400 and an unknown room (or a private room the person is not a member of) with 404; a room the person is removed from with 403; a connection past the open sockets allowed per identity (10 for an account, 3 for a guest; LIMIT_SOCKETS_PER_IDENTITY_ACCOUNT, LIMIT_SOCKETS_PER_IDENTITY_GUEST) with 429.',
  ),
);

// ---- client → server

export const actions = [
  'sendMessage',
  'joinRoom',
  'typing',
  'ping',
  'editMessage',
  'deleteMessage',
  'react',
  'markRead',
] as const;
export type Action = (typeof actions)[number];

export const SendMessageFrameSchema = v.pipe(
  v.object({
    action: v.literal('sendMessage'),
    roomId: RoomIdSchema,
    text: TextSchema,
    clientMessageId: v.optional(ClientMessageIdSchema),
    replyTo: v.optional(ReplyToIdSchema),
  }),
  v.description(
    'Posts a message; the room gets a `message` frame, the sender an `ack` (or an `error`). With `replyTo` it answers that message of the room (`message_not_found` when there is no such live message); `@name`s of people known in the room become its `mentions`. `muted` or `removed` (with `until`) while a moderator has silenced the sender there; `room_not_found` for a private room the sender is not a member of.',
  ),
  v.examples([
    { action: 'sendMessage', roomId: LOBBY_ROOM_ID, text: 'hi pyro', clientMessageId: 'c-1' },
    {
      action: 'sendMessage',
      roomId: LOBBY_ROOM_ID,
      text: '@Ada me too',
      clientMessageId: 'c-2',
      replyTo: '1714557600000-a1b2c3d4e5',
    },
  ]),
);
export type SendMessageFrame = v.InferOutput<typeof SendMessageFrameSchema>;

const actedOn =
  'The sender gets an `ack` (with the messageId) when the frame carried a `clientMessageId`, an `error` frame when it failed: `message_not_found` (unknown, expired or deleted), `forbidden` (not the author), `rate_limited` (editing, deleting and reacting share one allowance per person, the size of sending’s).';

export const EditMessageFrameSchema = v.pipe(
  v.object({
    action: v.literal('editMessage'),
    roomId: RoomIdSchema,
    messageId: MessageIdSchema,
    text: TextSchema,
    clientMessageId: v.optional(ClientMessageIdSchema),
  }),
  v.description(
    `Replaces the text of your own message; the room gets \`messageUpdated\` (with \`editedAt\`). ${actedOn}`,
  ),
  v.examples([
    {
      action: 'editMessage',
      roomId: LOBBY_ROOM_ID,
      messageId: '1714557600000-a1b2c3d4e5',
      text: 'hi pyro!',
      clientMessageId: 'c-3',
    },
  ]),
);
export type EditMessageFrame = v.InferOutput<typeof EditMessageFrameSchema>;

export const DeleteMessageFrameSchema = v.pipe(
  v.object({
    action: v.literal('deleteMessage'),
    roomId: RoomIdSchema,
    messageId: MessageIdSchema,
    clientMessageId: v.optional(ClientMessageIdSchema),
  }),
  v.description(
    `Deletes your own message for good (history keeps a tombstone); the room gets \`messageDeleted\`. ${actedOn}`,
  ),
  v.examples([{ action: 'deleteMessage', roomId: LOBBY_ROOM_ID, messageId: '1714557600000-a1b2c3d4e5' }]),
);
export type DeleteMessageFrame = v.InferOutput<typeof DeleteMessageFrameSchema>;

export const ReactFrameSchema = v.pipe(
  v.object({
    action: v.literal('react'),
    roomId: RoomIdSchema,
    messageId: MessageIdSchema,
    emoji: EmojiSchema,
    clientMessageId: v.optional(ClientMessageIdSchema),
  }),
  v.description(
    `Toggles your reaction with this emoji on a live message (anyone's, your own included); the room gets \`messageUpdated\`. A message holds at most ${limits.reactions.maxEmoji} different emoji and ${limits.reactions.maxNamesPerEmoji} names per emoji (\`too_many_reactions\`); a bad emoji is \`invalid_emoji\`. ${actedOn}`,
  ),
  v.examples([
    { action: 'react', roomId: LOBBY_ROOM_ID, messageId: '1714557600000-a1b2c3d4e5', emoji: '👍' },
  ]),
);
export type ReactFrame = v.InferOutput<typeof ReactFrameSchema>;

export const MarkReadFrameSchema = v.pipe(
  v.object({
    action: v.literal('markRead'),
    roomId: RoomIdSchema,
    messageId: MessageIdSchema,
    clientMessageId: v.optional(ClientMessageIdSchema),
  }),
  v.description(
    'Moves your read marker in the room forward to this message (an older one changes nothing); GET /rooms with your token counts only newer messages as unread. Nothing is sent to the room; `ack` when the frame carried a `clientMessageId`, `room_not_found` for an unknown room.',
  ),
  v.examples([{ action: 'markRead', roomId: LOBBY_ROOM_ID, messageId: '1714557600000-a1b2c3d4e5' }]),
);
export type MarkReadFrame = v.InferOutput<typeof MarkReadFrameSchema>;

export const JoinRoomFrameSchema = v.pipe(
  v.object({ action: v.literal('joinRoom'), roomId: RoomIdSchema }),
  v.description(
    "Moves this socket to another room; the mover gets the new room's `presence`, both rooms a `presenceChange`. Each socket may join a burst of 20 rooms, then 20 a minute (LIMIT_JOINS_PER_MINUTE); past that the answer is an `error` frame `rate_limited`.",
  ),
  v.examples([{ action: 'joinRoom', roomId: 'book-club' }]),
);
export type JoinRoomFrame = v.InferOutput<typeof JoinRoomFrameSchema>;

export const TypingFrameSchema = v.pipe(
  v.object({ action: v.literal('typing'), roomId: RoomIdSchema }),
  v.description(
    'Tells the others in the room that this guest is typing. At most one per socket every 2 seconds is passed on (LIMIT_TYPING_INTERVAL_MS), and only for the room the socket is in: any other `typing` is dropped silently, with no `error` frame (typing is a hint that expires by itself). A malformed `roomId` is answered with `invalid_room`.',
  ),
  v.examples([{ action: 'typing', roomId: LOBBY_ROOM_ID }]),
);
export type TypingFrame = v.InferOutput<typeof TypingFrameSchema>;

export const PingFrameSchema = v.pipe(
  v.object({ action: v.literal('ping') }),
  v.description("Answered with `pong`; keeps the socket inside API Gateway's 10-minute idle timeout."),
  v.examples([{ action: 'ping' }]),
);
export type PingFrame = v.InferOutput<typeof PingFrameSchema>;

export const ClientFrameSchema = v.pipe(
  v.variant(
    'action',
    [
      SendMessageFrameSchema,
      JoinRoomFrameSchema,
      TypingFrameSchema,
      PingFrameSchema,
      EditMessageFrameSchema,
      DeleteMessageFrameSchema,
      ReactFrameSchema,
      MarkReadFrameSchema,
    ],
    `Frames need an "action": ${/* @__PURE__ */ actions.join(', ')}`,
  ),
  errorCode('unknown_action'),
);
export type ClientFrame = v.InferOutput<typeof ClientFrameSchema>;

// ---- server → client

export const MessageFrameSchema = v.pipe(
  v.object({ type: v.literal('message'), message: ChatMessageSchema }),
  v.description('A message posted in the socket’s room (the sender’s own included).'),
  v.examples([{ type: 'message', message: exampleMessage }]),
);

export const AckFrameSchema = v.pipe(
  v.object({
    type: v.literal('ack'),
    /** Present when the `sendMessage` frame carried one. */
    clientMessageId: v.optional(ClientMessageIdSchema),
    messageId: MessageIdSchema,
  }),
  v.description(
    'The sender’s message is stored (`sendMessage`), or the edit, deletion, reaction or read marker the frame asked for is done (then only when the frame had a `clientMessageId`); `clientMessageId` is echoed when the frame had one, `messageId` is the frame’s message.',
  ),
  v.examples([{ type: 'ack', clientMessageId: 'c-1', messageId: exampleMessage.messageId }]),
);

export const ErrorFrameSchema = v.pipe(
  v.object({
    type: v.literal('error'),
    code: v.picklist(errorCodes),
    message: v.string(),
    clientMessageId: v.optional(ClientMessageIdSchema),
    /** `muted` and `removed`: when the person may post (or come back) again. */
    until: v.optional(TimestampSchema),
  }),
  v.description(
    'A frame failed; `clientMessageId` is echoed when the frame had one; `until` comes with `muted` and `removed`.',
  ),
  v.examples([
    {
      type: 'error',
      code: 'rate_limited',
      message: 'You are sending messages too fast: wait a second and try again',
      clientMessageId: 'c-2',
    },
  ]),
);

const MemberCountSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(0),
  v.description('How many people the room holds now.'),
);

export const PresenceFrameSchema = v.pipe(
  v.object({
    type: v.literal('presence'),
    roomId: RoomIdSchema,
    members: v.pipe(v.array(NameSchema), v.maxLength(limits.presenceNames)),
    count: MemberCountSchema,
  }),
  v.description(
    `Who is in the room: sent to a socket that enters a room (opening in it, or joinRoom), at most ${limits.presenceNames} names (sorted, each once) with the room's \`count\`; the rest are read with GET /rooms/{roomId}/members. Then \`presenceChange\` frames keep it current.`,
  ),
  v.examples([{ type: 'presence', roomId: LOBBY_ROOM_ID, members: ['Ada', 'Grace'], count: 2 }]),
);

export const PresenceChangeFrameSchema = v.pipe(
  v.object({
    type: v.literal('presenceChange'),
    roomId: RoomIdSchema,
    joined: v.array(NameSchema),
    left: v.array(NameSchema),
    count: MemberCountSchema,
  }),
  v.description(
    "Who came and who went: the changes of about a second gathered into one frame per room (a burst of joins costs each member one frame a second, not one per join), split over several frames only to stay under the 32 KB frame limit. Apply `left`, then `joined`; `count` is the room's size after them. A frame may repeat a change already applied.",
  ),
  v.examples([
    { type: 'presenceChange', roomId: LOBBY_ROOM_ID, joined: ['Grace'], left: ['Linus'], count: 2 },
  ]),
);

export const TypingNoticeFrameSchema = v.pipe(
  v.object({ type: v.literal('typing'), roomId: RoomIdSchema, name: NameSchema }),
  v.description('Someone else in the room is typing.'),
  v.examples([{ type: 'typing', roomId: LOBBY_ROOM_ID, name: 'Grace' }]),
);

export const MessageUpdatedFrameSchema = v.pipe(
  v.object({ type: v.literal('messageUpdated'), message: ChatMessageSchema }),
  v.description(
    'A message of the socket’s room changed: its author edited it (`editedAt`), or its reactions changed. Replace the message with this one.',
  ),
  v.examples([
    {
      type: 'messageUpdated',
      message: {
        ...exampleMessage,
        text: 'hi pyro!',
        editedAt: '2024-05-01T10:05:00.000Z',
        reactions: { '👍': ['Grace'] },
      },
    },
  ]),
);

export const MessageDeletedFrameSchema = v.pipe(
  v.object({ type: v.literal('messageDeleted'), roomId: RoomIdSchema, messageId: MessageIdSchema }),
  v.description(
    'Its author deleted a message of the socket’s room: show a tombstone (or nothing) in its place.',
  ),
  v.examples([{ type: 'messageDeleted', roomId: LOBBY_ROOM_ID, messageId: exampleMessage.messageId }]),
);

export const PongFrameSchema = v.pipe(
  v.object({ type: v.literal('pong') }),
  v.description('The answer to `ping`.'),
  v.examples([{ type: 'pong' }]),
);

export const ServerFrameSchema = v.variant('type', [
  MessageFrameSchema,
  AckFrameSchema,
  ErrorFrameSchema,
  PresenceFrameSchema,
  PresenceChangeFrameSchema,
  TypingNoticeFrameSchema,
  PongFrameSchema,
  MessageUpdatedFrameSchema,
  MessageDeletedFrameSchema,
  RemovedFrameSchema,
]);
export type ServerFrame = v.InferOutput<typeof ServerFrameSchema>;

// ---- operations

export interface WebSocketOperation {
  /** The frame's `action` (client → server) or `type` (server → client). */
  name: string;
  direction: 'send' | 'receive';
  schema: v.GenericSchema;
  summary: string;
  examples: unknown[];
}

/** `send`: the client sends it; `receive`: the server sends it. */
export const webSocketOperations: readonly WebSocketOperation[] = [
  op('sendMessage', 'send', SendMessageFrameSchema, 'Post a message to a room.'),
  op('joinRoom', 'send', JoinRoomFrameSchema, 'Move to another room.'),
  op('typing', 'send', TypingFrameSchema, 'Say you are typing.'),
  op('ping', 'send', PingFrameSchema, 'Keep the socket alive.'),
  op('editMessage', 'send', EditMessageFrameSchema, 'Edit your message.'),
  op('deleteMessage', 'send', DeleteMessageFrameSchema, 'Delete your message.'),
  op('react', 'send', ReactFrameSchema, 'Toggle your reaction to a message.'),
  op('markRead', 'send', MarkReadFrameSchema, 'Say how far you have read a room.'),
  op('message', 'receive', MessageFrameSchema, 'A message in the room.'),
  op('ack', 'receive', AckFrameSchema, 'Your message is stored.'),
  op('error', 'receive', ErrorFrameSchema, 'A frame of yours failed.'),
  op('presence', 'receive', PresenceFrameSchema, 'Who is in the room.'),
  op('presenceChange', 'receive', PresenceChangeFrameSchema, 'Who came and who went.'),
  op('typing', 'receive', TypingNoticeFrameSchema, 'Someone is typing.'),
  op('pong', 'receive', PongFrameSchema, 'The answer to ping.'),
  op('messageUpdated', 'receive', MessageUpdatedFrameSchema, 'A message was edited or reacted to.'),
  op('messageDeleted', 'receive', MessageDeletedFrameSchema, 'A message was deleted.'),
  op('removed', 'receive', RemovedFrameSchema, 'You were removed from a room (moved to the lobby).'),
];

// @__NO_SIDE_EFFECTS__
function op(
  name: string,
  direction: WebSocketOperation['direction'],
  schema: v.GenericSchema,
  summary: string,
): WebSocketOperation {
  return { name, direction, schema, summary, examples: [...v.getExamples(schema)] };
}
