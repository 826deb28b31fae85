import { detailTypes } from '../contract/events';
import { EmojiSchema, MessageIdSchema } from '../contract/fields';
import type { ChatMessage } from '../contract/resources';
import { ChatError } from './errors';
import { type FanOutResult, fanOut } from './fan-out';
import { fanOutInPages, type PageDispatcher } from './fan-out-pages';
import { identityKey, identityOfSender } from './identity';
import { mayMention } from './mentions';
import { type MessageExtrasDeps, mentionsIn } from './message-extras';
import { type Author, isAuthorOf, type MessageRecords } from './message-records';
import { record } from './moderation-log';
import type { Clock, ConnectionStore, EventPublisher, RateLimiter, SocketSender } from './ports';
import { changeReaction, type ReactionChange } from './reactions';
import {
  type AccessDeps,
  isPrivate,
  moderates,
  requireVisibleRoom,
  roleOf,
  type Viewer,
} from './room-access';
import type { Room } from './types';
import { validate, validateRoomId, validateText } from './validation';

export interface MessageActionDeps {
  records: MessageRecords;
  connections: ConnectionStore;
  sockets: SocketSender;
  bus: EventPublisher;
  /** Edits, deletions and reactions share one allowance per person (its own key, the size of sending's). */
  rateLimiter: RateLimiter;
  clock: Clock;
  /**
   * Private rooms and moderation (issue 16): a private room's messages only for its members (404 otherwise), and
   * its owner, moderators (and admins, in public rooms) delete anyone's. Absent: every room is public, authors only.
   */
  roomAccess?: AccessDeps;
  /** Big rooms hear of an edit, a deletion or a reaction in parallel pages, as of a new message (core/fan-out-pages.ts). */
  fanOutPages?: { pageSize: number; dispatcher: PageDispatcher };
}

type Visible = { room: Room; role: Awaited<ReturnType<typeof roleOf>> };

/** The viewer an author is: an account's messages are a `user`'s. */
function viewerOf(who: { name: string; senderType?: string }): Viewer {
  return { name: who.name, kind: who.senderType === 'user' ? 'account' : 'guest' };
}

/**
 * The room, when the person may see it: public rooms cost no read but the room's (cached per instance), a private
 * one a GetItem of the person's role; 404 `room_not_found` for anyone else. Without `roomAccess`, nothing.
 */
export async function requireRoomFor(
  deps: Pick<MessageActionDeps, 'roomAccess'>,
  roomId: unknown,
  who: { name: string; senderType?: string; kind?: 'guest' | 'account' },
): Promise<Visible | undefined> {
  if (!deps.roomAccess) return undefined;
  const viewer = who.kind ? { name: who.name, kind: who.kind } : viewerOf(who);
  return requireVisibleRoom(deps.roomAccess, roomId, viewer);
}

/** What an action did: what the room was sent, and what failed once the change was stored (to log, not answer). */
export interface ActionResult {
  fanOut: FanOutResult;
  fanOutError?: unknown;
  publishError?: unknown;
}

export interface MessageRef {
  roomId: unknown;
  messageId: unknown;
  author: Author;
}

const noFanOut: FanOutResult = { delivered: 0, gone: 0, throttled: 0, failed: 0 };

/** The author replaces the text; the room gets `messageUpdated`, the bus `MessageEdited` (the bot ignores it). */
export async function editMessage(
  deps: MessageActionDeps,
  input: MessageRef & { text: unknown },
): Promise<ActionResult & { message: ChatMessage }> {
  const { roomId, messageId } = validRef(input);
  const text = validateText(input.text);
  const nowMs = deps.clock.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  await requireRoomFor(deps, roomId, input.author);
  await takeAllowance(deps, input.author, nowMs);
  const extrasDeps: MessageExtrasDeps = deps;
  const mentions = mayMention(text) ? await mentionsIn(extrasDeps, roomId, text, nowSeconds) : [];
  const editedAt = new Date(nowMs).toISOString();
  const message = await deps.records.editText(
    roomId,
    messageId,
    input.author,
    { text, editedAt, mentions },
    nowSeconds,
  );
  if (!message) throw await refusal(deps, roomId, messageId, input.author, nowSeconds, 'edit');
  const result = await tell(deps, roomId, { type: 'messageUpdated', message }, nowMs);
  return { message, ...result, ...(await publish(deps, detailTypes.messageEdited, message)) };
}

/** The author deletes it for good: history keeps a tombstone; the room gets `messageDeleted`. */
export async function deleteMessage(deps: MessageActionDeps, input: MessageRef): Promise<ActionResult> {
  const { roomId, messageId } = validRef(input);
  const nowMs = deps.clock.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  const visible = await requireRoomFor(deps, roomId, input.author);
  await takeAllowance(deps, input.author, nowMs);
  let sender = input.author.name;
  let deletedBy: string | undefined;
  // The author's conditional write first (one write for the usual case); only a refused one reads the message
  // and, for someone else's, the deleter's role.
  if (!(await deps.records.markDeleted(roomId, messageId, input.author, nowSeconds))) {
    const refused = await refusal(deps, roomId, messageId, input.author, nowSeconds, 'delete');
    const taken =
      refused.code === 'forbidden' && visible
        ? await moderatorsTake(deps, visible, input, nowSeconds)
        : undefined;
    if (!taken) throw refused;
    sender = taken.sender;
    deletedBy = input.author.name;
    if (deps.roomAccess) {
      await record(
        deps.roomAccess,
        roomId,
        {
          at: new Date(nowMs).toISOString(),
          actor: deletedBy,
          action: 'deleteMessage',
          target: sender,
          messageId,
        },
        nowMs,
      );
    }
  }
  const result = await tell(deps, roomId, { type: 'messageDeleted', roomId, messageId }, nowMs);
  const visibility = visible && isPrivate(visible.room) ? 'private' : 'public';
  const detail = { roomId, messageId, sender, visibility, ...(deletedBy ? { deletedBy } : {}) };
  return { ...result, ...(await publish(deps, detailTypes.messageDeleted, detail)) };
}

/**
 * A moderator deletes someone else's message (issue 16): the deleter's role checked (a GetItem in a public room; a
 * private room's was read with the room), then the same conditional write in the author's name, read back from the
 * message. Undefined when the deleter does not moderate the room, or the message went meanwhile.
 */
async function moderatorsTake(
  deps: MessageActionDeps,
  visible: Visible,
  input: MessageRef,
  nowSeconds: number,
): Promise<{ sender: string } | undefined> {
  const access = deps.roomAccess;
  if (!access) return undefined;
  const viewer = viewerOf(input.author);
  const role =
    visible.role ?? (isPrivate(visible.room) ? undefined : await roleOf(access, visible.room, viewer));
  if (!moderates(access, visible.room, viewer, role)) return undefined;
  const { roomId, messageId } = validRef(input);
  const stored = await deps.records.getEntry(roomId, messageId, nowSeconds);
  if (!stored || !('text' in stored.entry)) return undefined;
  const author = {
    name: stored.entry.sender,
    senderType: stored.entry.senderType,
    ...(stored.authorSession === undefined ? {} : { sessionId: stored.authorSession }),
  };
  return (await deps.records.markDeleted(roomId, messageId, author, nowSeconds))
    ? { sender: author.name }
    : undefined;
}

/** Tries before giving up when others change the same message's reactions at the same moment. */
const REACTION_ATTEMPTS = 5;

/**
 * Anyone changes their own reaction on a live message (read, then a write conditioned on the revision read, so
 * two people reacting at once both count). When nothing changes, nothing is written or sent.
 */
export async function react(
  deps: MessageActionDeps,
  input: {
    roomId: unknown;
    messageId: unknown;
    emoji: unknown;
    name: string;
    change: ReactionChange;
    /** How the reactor signed in (a private room's members are accounts); absent: a guest. */
    kind?: 'guest' | 'account';
  },
): Promise<ActionResult & { message: ChatMessage; changed: boolean }> {
  const { roomId, messageId } = validRef(input);
  const emoji = validate(EmojiSchema, input.emoji);
  const nowMs = deps.clock.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  await requireRoomFor(deps, roomId, { name: input.name, ...(input.kind ? { kind: input.kind } : {}) });
  const reactor = {
    name: input.name,
    senderType: input.kind === 'account' ? ('user' as const) : ('guest' as const),
  };
  await takeAllowance(deps, reactor, nowMs);
  for (let attempt = 0; attempt < REACTION_ATTEMPTS; attempt++) {
    const stored = await deps.records.getEntry(roomId, messageId, nowSeconds);
    if (!stored || !('text' in stored.entry)) throw notFound(roomId, messageId);
    const current = stored.entry;
    const next = changeReaction(current.reactions ?? {}, emoji, input.name, input.change);
    if (!next.changed) return { message: current, changed: false, fanOut: noFanOut };
    const message = await deps.records.setReactions(
      roomId,
      messageId,
      next.reactions,
      stored.rev,
      nowSeconds,
    );
    if (message) {
      const result = await tell(deps, roomId, { type: 'messageUpdated', message }, nowMs);
      return { message, changed: true, ...result };
    }
  }
  throw new Error(`reactions of ${roomId}/${messageId} kept changing under ${REACTION_ATTEMPTS} attempts`);
}

function validRef(input: { roomId: unknown; messageId: unknown }): { roomId: string; messageId: string } {
  return { roomId: validateRoomId(input.roomId), messageId: validate(MessageIdSchema, input.messageId) };
}

async function takeAllowance(deps: MessageActionDeps, who: Author, nowMs: number): Promise<void> {
  // Keyed by kind of identity: a guest's allowance is smaller (adapters/message-rate.ts).
  const key = identityKey('act', identityOfSender(who.name, who.senderType));
  if (!(await deps.rateLimiter.tryTake(key, nowMs))) {
    throw new ChatError('rate_limited', 'You are changing messages too fast: wait a second and try again');
  }
}

function notFound(roomId: string, messageId: string): ChatError {
  return new ChatError(
    'message_not_found',
    `No message ${messageId} in room "${roomId}" (or it was deleted)`,
  );
}

/** Why a conditional write on the message was refused, read back: gone or deleted (404), or someone else's (403). */
async function refusal(
  deps: MessageActionDeps,
  roomId: string,
  messageId: string,
  author: Author,
  nowSeconds: number,
  verb: 'edit' | 'delete',
): Promise<ChatError> {
  const stored = await deps.records.getEntry(roomId, messageId, nowSeconds);
  if (!stored || !('text' in stored.entry)) return notFound(roomId, messageId);
  if (!isAuthorOf({ ...stored.entry, authorSession: stored.authorSession }, author)) {
    return new ChatError('forbidden', `Only its author may ${verb} a message`);
  }
  // It was the author's live message after all: it changed between the write and this read (deleted meanwhile).
  return notFound(roomId, messageId);
}

async function tell(
  deps: MessageActionDeps,
  roomId: string,
  frame: Parameters<typeof fanOut>[2],
  nowMs: number,
): Promise<ActionResult> {
  try {
    return {
      fanOut: deps.fanOutPages
        ? await fanOutInPages(deps, roomId, frame, nowMs, deps.fanOutPages)
        : await fanOut(deps, roomId, frame, nowMs),
    };
  } catch (fanOutError) {
    // Stored: readers catch up from history.
    return { fanOut: noFanOut, fanOutError };
  }
}

async function publish(
  deps: MessageActionDeps,
  detailType: string,
  detail: object,
): Promise<{ publishError?: unknown }> {
  try {
    await deps.bus.publish(detailType, detail);
    return {};
  } catch (publishError) {
    return { publishError };
  }
}
