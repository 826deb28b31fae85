/** The things the API hands out: messages, rooms and guest sessions. */
import * as v from 'valibot';
import {
  MessageIdSchema,
  NameSchema,
  RoomIdSchema,
  RoomNameSchema,
  TextSchema,
  TimestampSchema,
} from './fields';
import { BOT_NAME, LOBBY_ROOM_ID } from './limits';

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

/**
 * A message, human or bot. The server sets `sender` (from the token, or the bot's name) and `senderType` (from the
 * kind of token, or the bot's route), never the body.
 */
export const ChatMessageSchema = v.pipe(
  v.object({
    messageId: MessageIdSchema,
    roomId: RoomIdSchema,
    sender: NameSchema,
    senderType: SenderTypeSchema,
    text: TextSchema,
    createdAt: TimestampSchema,
  }),
  v.description(`A chat message; the bot's have sender "${BOT_NAME}" and senderType "bot".`),
  v.examples([exampleMessage]),
);
export type ChatMessage = v.InferOutput<typeof ChatMessageSchema>;

export const RoomSchema = v.pipe(
  v.object({
    roomId: RoomIdSchema,
    name: RoomNameSchema,
    createdAt: TimestampSchema,
    /** The guest who created it (`chatty` for the lobby). */
    createdBy: v.string(),
  }),
  v.description(`A room; "${LOBBY_ROOM_ID}" always exists.`),
  v.examples([exampleRoom, exampleLobby]),
);
export type Room = v.InferOutput<typeof RoomSchema>;

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
