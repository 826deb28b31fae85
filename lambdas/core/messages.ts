import { detailTypes } from '../contract/events';
import { ReplyToIdSchema } from '../contract/fields';
import { limits } from '../contract/limits';
import type { HistoryEntry } from '../contract/resources';
import { ChatError } from './errors';
import { type FanOutResult, fanOut, readAhead } from './fan-out';
import { fanOutInPages, type PageDispatcher } from './fan-out-pages';
import { identityKey, identityOfSender } from './identity';
import { isMessageId, newMessageId } from './ids';
import { mayMention } from './mentions';
import { type MessageExtrasDeps, messageExtras } from './message-extras';
import type {
  Clock,
  ConnectionStore,
  EventPublisher,
  MessageStore,
  RateLimiter,
  RoomStore,
  SocketSender,
} from './ports';
import {
  isPrivate,
  type PostGuard,
  PostRefused,
  personKey,
  type RoomAccessStore,
  roomNotFound,
  sanctionRefusal,
} from './room-access';
import { keepRoomAlive, requireRoom } from './rooms';
import type { ChatMessage, SenderType } from './types';
import { validate, validateRoomId, validateText } from './validation';

export const MESSAGE_POSTED = detailTypes.messagePosted;

export interface PostMessageDeps {
  messages: MessageStore;
  rooms: RoomStore;
  connections: ConnectionStore;
  sockets: SocketSender;
  bus: EventPublisher;
  /** Absent for the bot: its rate is bounded by the messages it answers. */
  rateLimiter?: RateLimiter;
  /** What replies and mentions read (the answered message, the room's recent senders); absent for the bot. */
  records?: MessageExtrasDeps['records'];
  /**
   * People's messages are guarded (issue 16): not from someone removed or muted there, and in a private room only
   * from a member. Absent for the bot, which nobody mutes and which answers in private rooms too.
   */
  access?: Pick<RoomAccessStore, 'getSanction'>;
  clock: Clock;
  messageTtlSeconds: number;
  /** Big rooms: pages of this many sockets, the first posted here and each further one by its own invocation. */
  fanOutPages?: { pageSize: number; dispatcher: PageDispatcher };
}

export interface PostMessageInput {
  roomId: unknown;
  sender: string;
  /** From how the sender signed in (or the bot's route): the caller knows it, the body never says it. */
  senderType: SenderType;
  /** The sender's session, stored with the message (not shown): a guest edits and deletes only its own session's. */
  senderSession?: string;
  text: unknown;
  /** The messageId this one answers (same room); absent or null for none. */
  replyTo?: unknown;
}

export interface PostMessageResult {
  message: ChatMessage;
  fanOut: FanOutResult;
  /** Set when MessagePosted could not be published: the message stands anyway; the caller should log it. */
  publishError?: unknown;
  /** Set when the room's connections could not be read: the message stands; readers catch up from history. */
  fanOutError?: unknown;
}

/**
 * The one path every message takes, human or bot: validate → store (with TTL) → fan out to the room's
 * sockets → publish MessagePosted. Once stored, the message is accepted: a failing socket or bus never
 * turns it into an error the sender would retry (that would duplicate it).
 */
export async function postMessage(
  deps: PostMessageDeps,
  input: PostMessageInput,
): Promise<PostMessageResult> {
  const text = validateText(input.text);
  const roomId = validateRoomId(input.roomId);
  const replyTo =
    input.replyTo === undefined || input.replyTo === null ? undefined : validateReplyTo(input.replyTo);
  const nowMs = deps.clock.now();
  // Each round trip before the first post is latency every reader feels: the two independent checks go
  // side by side, and the room's connections are read while the message is stored (posts wait for the store).
  const [room, allowed] = await Promise.all([
    requireRoom(deps.rooms, roomId),
    deps.rateLimiter
      ? deps.rateLimiter.tryTake(identityKey('send', identityOfSender(input.sender, input.senderType)), nowMs)
      : true,
  ]);
  if (!allowed) {
    throw new ChatError('rate_limited', 'You are sending messages too fast: wait a second and try again');
  }
  // Only an account can be a private room's member: a guest is answered as if the room did not exist, unread.
  if (deps.access && isPrivate(room) && input.senderType !== 'user') throw roomNotFound(room.roomId);
  // Only a reply, or a text with an `@`, reads more: a plain message costs what it did (bench's calls per message).
  // The bot's route has no records: it sends no reply, and its texts (help's "@pyro") mention nobody.
  const extras =
    deps.records && (replyTo !== undefined || mayMention(text))
      ? await messageExtras(
          { records: deps.records, connections: deps.connections },
          room.roomId,
          text,
          replyTo,
          Math.floor(nowMs / 1000),
        )
      : {};
  const message: ChatMessage = {
    messageId: newMessageId(nowMs),
    roomId: room.roomId,
    sender: input.sender,
    senderType: input.senderType,
    text,
    createdAt: new Date(nowMs).toISOString(),
    ...extras,
  };
  const pageSize = deps.fanOutPages?.pageSize;
  const pages = readAhead(deps.connections.roomConnections(room.roomId, Math.floor(nowMs / 1000), pageSize));
  // Before the store, so a failure is a 500 with nothing stored (a retry then cannot duplicate the message). It
  // writes at most once a day per room (usually it only compares with the expiry read by requireRoom).
  await keepRoomAlive(deps.rooms, room.roomId, nowMs);
  const expiresAt = Math.floor(nowMs / 1000) + deps.messageTtlSeconds;
  await storeGuarded(deps, room, message, { expiresAt, authorSession: input.senderSession }, nowMs);
  const result: PostMessageResult = { message, fanOut: { delivered: 0, gone: 0, throttled: 0, failed: 0 } };
  try {
    const frame = { type: 'message' as const, message };
    result.fanOut = deps.fanOutPages
      ? await fanOutInPages(deps, room.roomId, frame, nowMs, { ...deps.fanOutPages, pages })
      : await fanOut(deps, room.roomId, frame, nowMs, { pages });
  } catch (fanOutError) {
    // Reading the room's connections failed: the message is stored, and readers catch up from history.
    result.fanOutError = fanOutError;
  }
  try {
    // The room's visibility goes with it, so no consumer carries a private room's words elsewhere (Pyro's stories).
    await deps.bus.publish(MESSAGE_POSTED, {
      ...message,
      visibility: isPrivate(room) ? 'private' : 'public',
    });
  } catch (publishError) {
    result.publishError = publishError;
  }
  return result;
}

/**
 * Stores a person's message with its guard checked by the same write: the sender's sanction item (no removal or
 * mute in force) and, in a private room, their role item. Cost: no read and no extra request on the message path
 * (the bench's calls per message are unchanged), but the Put becomes a TransactWriteItems of the Put and one or two
 * ConditionChecks, each billed as a transactional write: about 2 write units for the message and 2 per check
 * instead of 1 (4 for a public room's message, 6 for a private one's). A refused write stores nothing; only then is
 * the sanction read, to say until when.
 */
async function storeGuarded(
  deps: PostMessageDeps,
  room: { roomId: string; createdAt: string; visibility?: string },
  message: ChatMessage,
  { expiresAt, authorSession }: { expiresAt: number; authorSession: string | undefined },
  nowMs: number,
): Promise<void> {
  if (!deps.access) {
    await deps.messages.putMessage(message, expiresAt, undefined, authorSession);
    return;
  }
  const nowSeconds = Math.floor(nowMs / 1000);
  const guard: PostGuard = {
    roomId: room.roomId,
    who: personKey(message.sender),
    nowSeconds,
    ...(room.visibility === 'private' ? { memberOf: { roomCreatedAt: room.createdAt } } : {}),
  };
  try {
    await deps.messages.putMessage(message, expiresAt, guard, authorSession);
  } catch (err) {
    if (!(err instanceof PostRefused)) throw err;
    if (err.check === 'membership') throw roomNotFound(room.roomId);
    const sanction = await deps.access.getSanction(room.roomId, guard.who);
    throw (
      sanctionRefusal(sanction, nowSeconds, 'post') ??
      // Lifted or ended between the write and this read: say so; a retry will pass.
      new ChatError('muted', 'A moderator had muted you in this room a moment ago: try again')
    );
  }
}

function validateReplyTo(value: unknown): string {
  return validate(ReplyToIdSchema, value);
}

export const DEFAULT_HISTORY_LIMIT = limits.historyPage.default;
export const MAX_HISTORY_LIMIT = limits.historyPage.max;

export interface HistoryRequest {
  roomId: unknown;
  limit?: string;
  before?: string;
  after?: string;
}

/**
 * A page of history, oldest → newest. Without cursors: the newest `limit` messages. `next` continues in the
 * same direction: with `after` it is the newest id (pass it as `after`), otherwise the oldest (pass as `before`).
 */
export async function listHistory(
  deps: { messages: MessageStore; rooms: RoomStore; clock: Clock },
  request: HistoryRequest,
): Promise<{ messages: HistoryEntry[]; next: string | null }> {
  const limit = parseLimit(request.limit);
  const before = parseCursor('before', request.before);
  const after = parseCursor('after', request.after);
  // DynamoDB refuses a BETWEEN whose low bound is above its high one: that is the client's mistake, not a 500.
  if (before !== undefined && after !== undefined && after >= before) {
    throw new ChatError('invalid_cursor', 'after must be an older messageId than before');
  }
  const room = await requireRoom(deps.rooms, request.roomId);
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const page = await deps.messages.listMessages(room.roomId, { limit, before, after }, nowSeconds);
  const edge = after !== undefined && before === undefined ? page.messages.at(-1) : page.messages[0];
  return { messages: page.messages, next: page.hasMore && edge ? edge.messageId : null };
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_HISTORY_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_LIMIT) {
    throw new ChatError('invalid_request', `limit must be a whole number from 1 to ${MAX_HISTORY_LIMIT}`);
  }
  return limit;
}

function parseCursor(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!isMessageId(raw)) throw new ChatError('invalid_cursor', `${name} must be a messageId`);
  return raw;
}
