/**
 * The numbers and names of the contract, written once: the functions validate with them, the page checks input
 * with them before sending, the spec's bus rule and the docs read them.
 */
export const limits = {
  /** Guest names, after trimming. */
  name: { minLength: 1, maxLength: 32 },
  /** Message text, after trimming. */
  text: { minLength: 1, maxLength: 2000 },
  /** Room ids are slugs of the room's name. */
  roomId: { minLength: 1, maxLength: 40 },
  /** Room display names, after trimming and collapsing white space. */
  roomName: { minLength: 1, maxLength: 40 },
  /** GET /rooms/{roomId}/messages `limit`. */
  historyPage: { default: 50, max: 100 },
  /** GET /rooms `limit` (the lobby counts: it opens the first page). */
  roomPage: { default: 50, max: 100 },
  /** GET /rooms/{roomId}/members `limit`. */
  memberPage: { default: 50, max: 100 },
  /**
   * The most names a `presence` frame lists (with the room's `count` beside them): a frame must stay under API
   * Gateway's 32 KB WebSocket frame limit however big the room; 100 names of at most 32 characters do.
   */
  presenceNames: 100,
  /** A room with no message for this many days expires (the lobby never does). */
  roomIdleDays: 30,
  /** GET /health/deep answers from a result at most this old, shared by every instance. */
  deepHealthMaxAgeSeconds: 30,
  /** The id a client gives a message it sends, echoed in its `ack` or `error` frame. */
  clientMessageId: { minLength: 1, maxLength: 64 },
  /**
   * Reactions on one message: at most this many different emoji, each listing at most this many names (past
   * either: 409 `too_many_reactions`). They bound the message's item (20 × 50 × 32-character names ≈ 32 KB, far
   * under DynamoDB's 400 KB) and every `messageUpdated` frame that carries it (API Gateway's 128 KB).
   */
  reactions: { maxEmoji: 20, maxNamesPerEmoji: 50 },
  /** A reaction's emoji: one RGI emoji sequence (fields.ts `EmojiSchema`), at most this many UTF-16 code units. */
  emoji: { maxLength: 32 },
  /** A reply's quoted line: the start of the original's text, white space collapsed, at most this long. */
  replyExcerpt: { maxLength: 120 },
  /**
   * A message names at most `max` mentioned people (the first ones in its text); a name is known in the room when
   * connected to it or among the senders of its last `recentMessages` messages.
   */
  mentions: { max: 10, recentMessages: 50 },
  /**
   * GET /rooms with a token counts each room's unread messages and mentions up to this number: a count of 100
   * means "100 or more" (show "99+"). Counting reads at most `scannedMax` messages per room.
   */
  unread: { max: 100, scannedMax: 300 },
  /**
   * Moderation (issue 16): removals and mutes last `removalMinutes` / `muteMinutes` unless the moderator says, at
   * most `maxMinutes` (a week); reasons up to `reasonMaxLength`; the audit log keeps each action `auditDays` and
   * pages it (and a room's roles) by `page`. GET /rooms with a token lists at most `privateRoomsListed` of the
   * person's private rooms and direct messages (on its first page).
   */
  moderation: {
    removalMinutes: 60,
    muteMinutes: 10,
    maxMinutes: 7 * 24 * 60,
    reasonMaxLength: 200,
    auditDays: 30,
    page: { default: 50, max: 100 },
    privateRoomsListed: 100,
  },
} as const;

/** The room that always exists: it is not stored, so no deploy step or data loss can remove it. */
export const LOBBY_ROOM_ID = 'lobby';

/** The one bot. Its name is reserved for guests and its own messages never wake it. */
export const BOT_NAME = 'Pyro';
