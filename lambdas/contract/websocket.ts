/**
 * The WebSocket API: connect with `?token=…&roomId=…`; client frames are routed on `action` (infra/spec.ts
 * `webSocketRouteSelection`; anything else goes to `$default`, which answers `unknown_action`), server frames
 * carry a `type`. `webSocketOperations` is what the AsyncAPI document is generated from.
 */
import * as v from 'valibot';
import { errorCode } from './error-code';
import { errorCodes } from './errors';
import { ClientMessageIdSchema, MessageIdSchema, NameSchema, RoomIdSchema, TextSchema } from './fields';
import { LOBBY_ROOM_ID } from './limits';
import { ChatMessageSchema, exampleMessage } from './resources';

/** The query string of the `$connect` request (browsers cannot set headers on a WebSocket). */
export const ConnectQuerySchema = v.pipe(
  v.object({
    token: v.pipe(v.string(), v.description('The session token from POST /sessions.')),
    roomId: v.optional(RoomIdSchema, LOBBY_ROOM_ID),
  }),
  v.description(
    'A missing, invalid or expired token is refused with 401; a malformed room id with 400 and an unknown room with 404; a connection past the open sockets allowed per identity (default 10; LIMIT_SOCKETS_PER_IDENTITY) with 429.',
  ),
);

// ---- client → server

export const actions = ['sendMessage', 'joinRoom', 'typing', 'ping'] as const;
export type Action = (typeof actions)[number];

export const SendMessageFrameSchema = v.pipe(
  v.object({
    action: v.literal('sendMessage'),
    roomId: RoomIdSchema,
    text: TextSchema,
    clientMessageId: v.optional(ClientMessageIdSchema),
  }),
  v.description('Posts a message; the room gets a `message` frame, the sender an `ack` (or an `error`).'),
  v.examples([{ action: 'sendMessage', roomId: LOBBY_ROOM_ID, text: 'hi pyro', clientMessageId: 'c-1' }]),
);
export type SendMessageFrame = v.InferOutput<typeof SendMessageFrameSchema>;

export const JoinRoomFrameSchema = v.pipe(
  v.object({ action: v.literal('joinRoom'), roomId: RoomIdSchema }),
  v.description(
    'Moves this socket to another room; both rooms get `presence`, and so does the mover. Each socket may join a burst of 20 rooms, then 20 a minute (LIMIT_JOINS_PER_MINUTE); past that the answer is an `error` frame `rate_limited`.',
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
    [SendMessageFrameSchema, JoinRoomFrameSchema, TypingFrameSchema, PingFrameSchema],
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
  v.description('The sender’s message is stored; `clientMessageId` is echoed when the frame had one.'),
  v.examples([{ type: 'ack', clientMessageId: 'c-1', messageId: exampleMessage.messageId }]),
);

export const ErrorFrameSchema = v.pipe(
  v.object({
    type: v.literal('error'),
    code: v.picklist(errorCodes),
    message: v.string(),
    clientMessageId: v.optional(ClientMessageIdSchema),
  }),
  v.description('A frame failed; `clientMessageId` is echoed when the frame had one.'),
  v.examples([
    {
      type: 'error',
      code: 'rate_limited',
      message: 'You are sending messages too fast: wait a second and try again',
      clientMessageId: 'c-2',
    },
  ]),
);

export const PresenceFrameSchema = v.pipe(
  v.object({ type: v.literal('presence'), roomId: RoomIdSchema, members: v.array(NameSchema) }),
  v.description('Who is in the room now (sorted, each once), whenever someone comes, goes or moves.'),
  v.examples([{ type: 'presence', roomId: LOBBY_ROOM_ID, members: ['Ada', 'Grace'] }]),
);

export const TypingNoticeFrameSchema = v.pipe(
  v.object({ type: v.literal('typing'), roomId: RoomIdSchema, name: NameSchema }),
  v.description('Someone else in the room is typing.'),
  v.examples([{ type: 'typing', roomId: LOBBY_ROOM_ID, name: 'Grace' }]),
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
  TypingNoticeFrameSchema,
  PongFrameSchema,
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
  op('message', 'receive', MessageFrameSchema, 'A message in the room.'),
  op('ack', 'receive', AckFrameSchema, 'Your message is stored.'),
  op('error', 'receive', ErrorFrameSchema, 'A frame of yours failed.'),
  op('presence', 'receive', PresenceFrameSchema, 'Who is in the room.'),
  op('typing', 'receive', TypingNoticeFrameSchema, 'Someone is typing.'),
  op('pong', 'receive', PongFrameSchema, 'The answer to ping.'),
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
