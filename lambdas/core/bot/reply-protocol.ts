/**
 * How Pyro answers an event from the bus, at most once however often it is delivered: claim the event, compose
 * the reply, post it, and mark the event answered; when composing or posting fails, release the claim (and undo
 * the welcome throttle) and throw, so the delivery is retried. Plain logic over ports; the bot handler parses
 * EventBridge's envelope and supplies the adapters (the table as `ledger`, the HTTP API as `poster`).
 */
import type { Clock, RateLimiter } from '../ports';
import type { ChatMessage } from '../types';
import type { BotDeps } from './reply';
import {
  isMemberJoinedDetail,
  isReminderDueDetail,
  replyToMessage,
  replyToReminderDue,
  welcomeMessage,
} from './reply';

/** An event from the bus, out of its envelope. */
export interface BotEvent {
  id: string;
  detailType: string;
  detail: unknown;
}

/** The bot's records: its heartbeat, its claims on replies, and the welcome throttle. */
export interface ReplyLedger {
  recordHeartbeat(now: Date): Promise<void>;
  /** False when another delivery holds or has answered `key`. The claim lasts until `leaseUntilMs`. */
  claim(key: string, nowMs: number, leaseUntilMs: number): Promise<boolean>;
  release(key: string): Promise<void>;
  markAnswered(key: string): Promise<void>;
  /** True at most once per person per room per window, and again for a retry of the event `by` that took it. */
  firstWelcomeWithin(
    roomId: string,
    name: string,
    nowSeconds: number,
    windowSeconds: number,
    by: string,
  ): Promise<boolean>;
  forgetWelcome(roomId: string, name: string): Promise<void>;
}

/** Posts a reply to a room as the bot; throws when the reply was not stored. */
export interface ReplyPoster {
  postMessage(roomId: string, text: string, correlationId: string): Promise<unknown>;
}

/** What the protocol reports, for the handler's logs and metrics (core has neither). */
export interface ReplyTelemetry {
  /** Before anything else: the id that follows the event's cause through to the reply. */
  started(correlationId: string): void;
  ignored(detailType: string): void;
  duplicate(key: string): void;
  /** `latencyMs` since the cause happened, when it carried a usable time. */
  replied(key: string, roomId: string, latencyMs: number | undefined): void;
  failed(key: string, error: unknown): void;
  notMarkedAnswered(key: string, error: unknown): void;
}

export interface ReplyProtocolDeps {
  ledger: ReplyLedger;
  poster: ReplyPoster;
  /** The skills' deps, built when a message needs them (the movie key is read then). */
  skills(): Promise<BotDeps>;
  telemetry: ReplyTelemetry;
  clock: Clock;
  /**
   * Welcomes per room (LIMIT_WELCOMES_PER_ROOM_PER_MINUTE): a flood of joins must not make Pyro flood the room,
   * so a welcome past the limit is skipped (the person is not welcomed later either).
   */
  welcomes: RateLimiter;
}

/** One welcome per person per room per hour, however often they reconnect. */
export const WELCOME_WINDOW_SECONDS = 60 * 60;

interface PlannedReply {
  /** What makes a redelivered event recognizable. */
  key: string;
  correlationId: string;
  /** When the event's cause happened, for the latency. */
  since?: string;
  roomId: string;
  compose(): Promise<string | null>;
  /**
   * Compose before claiming: for a reply that is usually nothing (a welcome past its throttles, as for most joins
   * of a storm), so saying nothing costs no claim and no mark. A redelivery may then compose again; the claim still
   * keeps it from posting twice.
   */
  composeBeforeClaim?: boolean;
  /** Undoes side effects of composing when the reply could not be posted (so the retry can answer). */
  onFailure?(): Promise<void>;
}

/**
 * Records the heartbeat, then answers the event once (or ignores it); throws when the reply failed. A claim
 * lasts until `deadlineMs`, when this invocation will be stopped: a duplicate delivered while it runs is
 * refused, and a retry after it timed out (which leaves no chance to release the claim) can answer.
 */
export async function answerEvent(
  deps: ReplyProtocolDeps,
  event: BotEvent,
  deadlineMs: number,
): Promise<void> {
  const now = new Date(deps.clock.now());
  const reply = planReply(deps, event, now);
  deps.telemetry.started(reply?.correlationId ?? event.id);
  await deps.ledger.recordHeartbeat(now);
  if (reply) await answer(deps, reply, now.getTime(), deadlineMs);
}

async function answer(
  deps: ReplyProtocolDeps,
  reply: PlannedReply,
  nowMs: number,
  deadlineMs: number,
): Promise<void> {
  const { ledger, telemetry } = deps;
  let text: string | null = null;
  if (reply.composeBeforeClaim) {
    try {
      text = await reply.compose();
    } catch (err) {
      telemetry.failed(reply.key, err);
      await Promise.allSettled([reply.onFailure?.()]);
      throw err;
    }
    if (!text) return;
  }
  if (!(await ledger.claim(reply.key, nowMs, deadlineMs))) {
    telemetry.duplicate(reply.key);
    return;
  }
  try {
    if (!reply.composeBeforeClaim) text = await reply.compose();
    if (text) await deps.poster.postMessage(reply.roomId, text, reply.correlationId);
  } catch (err) {
    telemetry.failed(reply.key, err);
    // Best effort: the retry must see the reply's own error, and a claim left behind expires with its lease.
    await Promise.allSettled([ledger.release(reply.key), reply.onFailure?.()]);
    throw err;
  }
  if (text) {
    const latency = reply.since ? deps.clock.now() - Date.parse(reply.since) : Number.NaN;
    telemetry.replied(reply.key, reply.roomId, Number.isFinite(latency) ? latency : undefined);
  }
  try {
    await ledger.markAnswered(reply.key);
  } catch (err) {
    // The reply is posted: releasing the claim or throwing (so the event is retried) would post it twice.
    telemetry.notMarkedAnswered(reply.key, err);
  }
}

function planReply(deps: ReplyProtocolDeps, event: BotEvent, now: Date): PlannedReply | null {
  const { detail } = event;
  switch (event.detailType) {
    case 'MessagePosted': {
      if (!isMessagePostedDetail(detail)) return null;
      return {
        key: `message#${detail.messageId}`,
        correlationId: detail.messageId,
        since: detail.createdAt,
        roomId: detail.roomId,
        compose: async () => replyToMessage(detail, await deps.skills()),
      };
    }
    case 'ReminderDue': {
      if (!isReminderDueDetail(detail)) return null;
      const reminderId = (detail as { reminderId?: unknown }).reminderId;
      const id = typeof reminderId === 'string' ? reminderId : event.id;
      return {
        key: `reminder#${id}`,
        correlationId: id,
        roomId: detail.roomId,
        compose: async () => replyToReminderDue(detail),
      };
    }
    case 'MemberJoined': {
      if (!isMemberJoinedDetail(detail)) return null;
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const key = `joined#${event.id}`;
      return {
        key,
        correlationId: event.id,
        roomId: detail.roomId,
        composeBeforeClaim: true,
        compose: async () =>
          // The person's own throttle first: someone reconnecting takes nothing from the room's allowance.
          (await deps.ledger.firstWelcomeWithin(
            detail.roomId,
            detail.name,
            nowSeconds,
            WELCOME_WINDOW_SECONDS,
            key,
          )) && (await deps.welcomes.tryTake(`welcome#${detail.roomId}`, now.getTime()))
            ? welcomeMessage(detail)
            : null,
        onFailure: () => deps.ledger.forgetWelcome(detail.roomId, detail.name),
      };
    }
    default:
      deps.telemetry.ignored(event.detailType);
      return null;
  }
}

function isMessagePostedDetail(detail: unknown): detail is ChatMessage {
  if (typeof detail !== 'object' || detail === null) return false;
  const message = detail as Record<string, unknown>;
  return ['messageId', 'roomId', 'sender', 'text'].every((k) => typeof message[k] === 'string');
}
