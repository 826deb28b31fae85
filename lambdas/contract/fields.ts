/** The fields the contract's messages are made of, each with its rule, its error message and its error code. */
import * as v from 'valibot';
import { canonicalName } from './canonical-name';
import { errorCode } from './error-code';
import { BOT_NAME, limits } from './limits';

const nameChars = `${limits.name.minLength}–${limits.name.maxLength} letters, digits, spaces, "_" or "-"`;

/** ASCII letters and digits, spaces, `_` and `-`: names show in every room and must not pass for one another. */
export const NAME_PATTERN = /* @__PURE__ */ new RegExp(
  `^[A-Za-z0-9 _-]{${limits.name.minLength},${limits.name.maxLength}}$`,
);

/**
 * Characters that show as nothing, or reorder what follows: controls (C0, DEL, C1), the bidi marks, embeddings,
 * overrides and isolates (U+061C, U+200E/F, U+202A–202E, U+2066–2069) and the zero-width ones (U+200B–200D, U+2060,
 * U+FEFF). In a name they would let "Ada" and "Ada\u200B" pass for one person, or turn a name around on screen.
 */
const invisibleChars =
  '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2060\\u2066-\\u2069\\ufeff';

/** Text free of those characters (the escapes stay in the source, so the documents' `pattern` reads the same). */
const VISIBLE_PATTERN = /* @__PURE__ */ new RegExp(`^[^${invisibleChars}]*$`);

/** A slug: lower-case letters, digits and inner dashes. */
export const ROOM_ID_PATTERN = /* @__PURE__ */ new RegExp(
  `^[a-z0-9](?:[a-z0-9-]{0,${limits.roomId.maxLength - 2}}[a-z0-9])?$`,
);

/** 13-digit epoch milliseconds, a dash and 10 hex digits: ids sort by time and are the history cursors. */
export const MESSAGE_ID_PATTERN = /^\d{13}-[0-9a-f]{10}$/;

/**
 * A person's name (a guest's, or the bot's), trimmed of spaces. Only spaces: a trim of all white space would quietly
 * drop a tab or a U+FEFF at either end, where the pattern refuses every other control and invisible character.
 */
export const NameSchema = v.pipe(
  v.string('name must be a string'),
  v.transform((name) => name.replace(/^ +| +$/g, '')),
  v.regex(NAME_PATTERN, `name must be ${nameChars}`),
  errorCode('invalid_name'),
  v.description(`A display name: ${nameChars}, after trimming spaces.`),
  v.examples(['Ada']),
);

/** The bot's name's skeleton: a guest name with the same one passes for the bot's. */
const BOT_SKELETON = /* @__PURE__ */ canonicalName(BOT_NAME);

/**
 * A name a guest may sign in with: any name but the bot's and its look-alikes (same skeleton: case, spaces, `_`,
 * `-`, `0`/`o`, `1`/`l`/`I`, `rn`/`m`; canonical-name.ts).
 */
export const GuestNameSchema = v.pipe(
  NameSchema,
  v.check((name) => canonicalName(name) !== BOT_SKELETON, `The name "${BOT_NAME}" belongs to the bot`),
  errorCode('invalid_name', 'name_reserved'),
  v.description(
    `A guest's name: ${nameChars}, after trimming; "${BOT_NAME}" and the names that look like it (in any case, with spaces, "_" or "-", "0" for "o", "1" or "I" for "l", "rn" for "m") are the bot's.`,
  ),
);

export const TextSchema = v.pipe(
  v.string('text must be a string'),
  v.trim(),
  v.minLength(limits.text.minLength, 'text must not be empty'),
  v.maxLength(
    limits.text.maxLength,
    (issue) => `text must be at most ${limits.text.maxLength} characters (got ${issue.received})`,
  ),
  errorCode('invalid_text'),
  v.description(`Message text: ${limits.text.minLength}–${limits.text.maxLength} characters after trimming.`),
  v.examples(['hi pyro']),
);

const roomIdMessage = 'roomId must be a room slug (lower-case letters, digits and "-")';

export const RoomIdSchema = v.pipe(
  v.string(roomIdMessage),
  v.regex(ROOM_ID_PATTERN, roomIdMessage),
  errorCode('invalid_room'),
  v.description(
    `A room's id: the slug of its name, ${limits.roomId.minLength}–${limits.roomId.maxLength} lower-case letters, digits and inner "-".`,
  ),
  v.examples(['lobby', 'book-club']),
);

/** "Café Talk!" → "cafe-talk": a room's id is the slug of its name. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, limits.roomId.maxLength)
    .replace(/-+$/g, '');
}

const roomNameLength = `${limits.roomName.minLength}–${limits.roomName.maxLength}`;

/** A room's display name, trimmed and with runs of white space collapsed; its slug becomes the room's id. */
export const RoomNameSchema = v.pipe(
  v.string('name must be a string'),
  // Before trimming, so that none is quietly dropped from either end either.
  v.regex(VISIBLE_PATTERN, 'room name must not contain control, bidi or zero-width characters'),
  v.trim(),
  v.transform((name) => name.replace(/\s+/g, ' ')),
  v.minLength(limits.roomName.minLength, `room name must be ${roomNameLength} characters`),
  v.maxLength(limits.roomName.maxLength, `room name must be ${roomNameLength} characters`),
  v.check((name) => slugify(name) !== '', 'room name needs at least one letter or digit'),
  errorCode('invalid_room'),
  v.description(
    `A room's name: ${roomNameLength} characters after trimming (runs of white space count as one), with at least one letter or digit, and no control, bidi or zero-width character.`,
  ),
  v.examples(['Book Club']),
);

export const MessageIdSchema = v.pipe(
  v.string('messageId must be a string'),
  v.regex(MESSAGE_ID_PATTERN, 'messageId must be 13 digits, "-" and 10 hex digits'),
  errorCode('invalid_request'),
  v.description('A message id: epoch milliseconds (13 digits), "-", 10 hex digits; ids sort by time.'),
  v.examples(['1714557600000-a1b2c3d4e5']),
);

const clientMessageIdMessage = `clientMessageId must be a string of ${limits.clientMessageId.minLength}–${limits.clientMessageId.maxLength} characters`;

export const ClientMessageIdSchema = v.pipe(
  v.string(clientMessageIdMessage),
  v.minLength(limits.clientMessageId.minLength, clientMessageIdMessage),
  v.maxLength(limits.clientMessageId.maxLength, clientMessageIdMessage),
  errorCode('invalid_request'),
  v.description('An id the client chose for a message it sends; the server echoes it in `ack` and `error`.'),
  v.examples(['c-1714557600000-1']),
);

/** ISO-8601 UTC, as `Date.prototype.toISOString` writes it. */
export const TimestampSchema = v.pipe(
  v.string(),
  v.isoTimestamp(),
  v.description('ISO-8601 UTC.'),
  v.examples(['2024-05-01T10:00:00.000Z']),
);
