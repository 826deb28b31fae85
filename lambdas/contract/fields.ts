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

/**
 * One RGI emoji ("recommended for general interchange": the set Unicode lists in emoji-sequences.txt and
 * emoji-zwj-sequences.txt), as the `v` flag's `\p{RGI_Emoji}` matches it: a single emoji with its skin tone, a
 * ZWJ family, a flag or a keycap, and nothing else. Not a fixed short list, because people react with the emoji
 * they know; not "one grapheme containing \p{Extended_Pictographic}", because that misses flags and keycaps
 * (regional indicators and digits are not pictographic) and lets a pictograph carry any number of combining marks.
 * `\p{RGI_Emoji}` is a finite set of sequences of at most 10 code points, so an emoji also keeps a reaction's
 * item small. The set is the JavaScript engine's (Node 24: Unicode 16): an emoji newer than the reader's engine is
 * refused as `invalid_emoji`. Text-style characters need their emoji form: "❤️" is U+2764 U+FE0F, not U+2764.
 */
const RGI_EMOJI = /* @__PURE__ */ rgiEmojiPattern();

// @__NO_SIDE_EFFECTS__
function rgiEmojiPattern(): RegExp {
  try {
    // biome-ignore lint/complexity/useRegexLiterals: a `/…/v` literal is a SyntaxError when the module loads in an engine without the `v` flag (Safari before 17); the constructor throws here, where it is caught.
    return new RegExp('^\\p{RGI_Emoji}$', 'v');
  } catch {
    // Close enough there: a pictograph, flag or keycap, then modifiers, joiners and more pictographs.
    return /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3)(?:\uFE0F|\u200D|[\u{1F3FB}-\u{1F3FF}]|[\u{E0020}-\u{E007F}]|\p{Extended_Pictographic})*$/u;
  }
}

const emojiMessage = 'emoji must be one emoji (such as 👍 or ❤️)';

export const EmojiSchema = v.pipe(
  v.string(emojiMessage),
  v.maxLength(limits.emoji.maxLength, emojiMessage),
  v.check((emoji) => RGI_EMOJI.test(emoji), emojiMessage),
  errorCode('invalid_emoji'),
  v.description(
    `A reaction: exactly one RGI emoji (Unicode's emoji for general interchange: with skin tones, ZWJ sequences, flags and keycaps), at most ${limits.emoji.maxLength} UTF-16 code units; text-style symbols in their emoji form (❤️ is U+2764 U+FE0F).`,
  ),
  v.examples(['👍', '❤️', '🎉']),
);

/** The id of the message a new one answers: a message of the same room, live and not deleted. */
export const ReplyToIdSchema = v.pipe(
  MessageIdSchema,
  v.description(
    'The message this one answers: the messageId of a live, undeleted message in the same room (else 404 `message_not_found`).',
  ),
);
