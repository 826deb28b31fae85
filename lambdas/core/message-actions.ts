import { detailTypes } from '../contract/events';
import { EmojiSchema, MessageIdSchema } from '../contract/fields';
import type { ChatMessage } from '../contract/resources';
import { ChatError } from './errors';
import { type FanOutResult, fanOut } from './fan-out';
import { mayMention } from './mentions';
import { type MessageExtrasDeps, mentionsIn } from './message-extras';
import type { Author, MessageRecords } from './message-records';
import type { Clock, ConnectionStore, EventPublisher, RateLimiter, SocketSender } from './ports';
import { changeReaction, type ReactionChange } from './reactions';
import { validate, validateRoomId, validateText } from './validation';

export interface MessageActionDeps {
  records: MessageRecords;
  connections: ConnectionStore;
  sockets: SocketSender;
  bus: EventPublisher;
  /** Edits, deletions and reactions share one allowance per person (its own key, the size of sending's). */
  rateLimiter: RateLimiter;
  clock: Clock;
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
  await takeAllowance(deps, input.author, nowMs);
  if (!(await deps.records.markDeleted(roomId, messageId, input.author, nowSeconds))) {
    throw await refusal(deps, roomId, messageId, input.author, nowSeconds, 'delete');
  }
  const result = await tell(deps, roomId, { type: 'messageDeleted', roomId, messageId }, nowMs);
  const detail = { roomId, messageId, sender: input.author.name };
  return { ...result, ...(await publish(deps, detailTypes.messageDeleted, detail)) };
}

/** Tries before giving up when others change the same message's reactions at the same moment. */
const REACTION_ATTEMPTS = 5;

/**
 * Anyone changes their own reaction on a live message (read, then a write conditioned on the revision read, so
 * two people reacting at once both count). When nothing changes, nothing is written or sent.
 */
export async function react(
  deps: MessageActionDeps,
  input: { roomId: unknown; messageId: unknown; emoji: unknown; name: string; change: ReactionChange },
): Promise<ActionResult & { message: ChatMessage; changed: boolean }> {
  const { roomId, messageId } = validRef(input);
  const emoji = validate(EmojiSchema, input.emoji);
  const nowMs = deps.clock.now();
  const nowSeconds = Math.floor(nowMs / 1000);
  await takeAllowance(deps, { name: input.name }, nowMs);
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

async function takeAllowance(deps: MessageActionDeps, who: { name: string }, nowMs: number): Promise<void> {
  if (!(await deps.rateLimiter.tryTake(`act#${who.name}`, nowMs))) {
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
  const { sender, senderType } = stored.entry;
  if (sender !== author.name || senderType !== author.senderType) {
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
    return { fanOut: await fanOut(deps, roomId, frame, nowMs) };
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
