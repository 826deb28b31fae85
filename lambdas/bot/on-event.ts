import { logger } from '../adapters/logger';
import { flushMetrics, MetricUnit, metrics } from '../adapters/metrics';
import {
  isMemberJoinedDetail,
  isReminderDueDetail,
  replyToMessage,
  replyToReminderDue,
  welcomeMessage,
} from '../core/bot/reply';
import type { ChatMessage } from '../core/types';
import { botDepsFromEnv } from './deps';

const deps = botDepsFromEnv();

/** One welcome per person per room per hour, however often they reconnect. */
const WELCOME_WINDOW_SECONDS = 60 * 60;

interface BusEvent {
  id: string;
  'detail-type': string;
  detail: unknown;
}

interface Reply {
  /** What makes a redelivered event recognizable. */
  key: string;
  /** Follows a person's message through the bus to the bot's reply (see adapters/message-telemetry.ts). */
  correlationId: string;
  /** When the event's cause happened, for the BotLatency metric. */
  since?: string;
  roomId: string;
  compose(): Promise<string | null>;
  /** Undo side effects of a claim when the reply could not be posted (so the retry can answer). */
  onFailure?(): Promise<void>;
}

/** The part of Lambda's context the bot reads. */
interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/** A claim's lease when there is no context to read the deadline from (the Bot function's timeout is 15 s). */
const FALLBACK_LEASE_MS = 30_000;

/**
 * Pyro, triggered by the bus rule: works out a reply and posts it through the HTTP API. Idempotent per
 * source event; a failure to post throws, so Lambda retries (twice) and finally dead-letters the event.
 */
export async function handler(event: BusEvent, context?: InvocationContext): Promise<void> {
  const now = new Date();
  // The claim lasts as long as this invocation can: a retry after a timeout finds it expired.
  const deadline = now.getTime() + (context?.getRemainingTimeInMillis() ?? FALLBACK_LEASE_MS);
  const reply = planReply(event, now);
  logger.appendKeys({ correlation_id: reply?.correlationId ?? event.id, eventId: event.id });
  try {
    await deps.botTable.recordHeartbeat(now);
    if (reply) await answer(reply, now, deadline);
  } finally {
    flushMetrics();
    logger.removeKeys(['correlation_id', 'eventId']);
  }
}

async function answer(reply: Reply, now: Date, deadline: number): Promise<void> {
  if (!(await deps.botTable.claim(reply.key, now.getTime(), deadline))) {
    logger.info('duplicate delivery ignored', { key: reply.key });
    return;
  }
  let text: string | null;
  try {
    text = await reply.compose();
    if (text) await deps.api.postMessage(reply.roomId, text, reply.correlationId);
  } catch (err) {
    metrics.addMetric('BotErrors', MetricUnit.Count, 1);
    logger.error('reply failed', { key: reply.key, error: err as Error });
    // Best effort: the retry must see the reply's own error, and a claim left behind expires with its lease.
    await Promise.allSettled([deps.botTable.release(reply.key), reply.onFailure?.()]);
    throw err;
  }
  if (text) {
    metrics.addMetric('BotReplies', MetricUnit.Count, 1);
    const latency = reply.since ? Date.now() - Date.parse(reply.since) : Number.NaN;
    // NaN would reach the EMF document as null, which CloudWatch rejects along with the whole document.
    if (Number.isFinite(latency)) metrics.addMetric('BotLatency', MetricUnit.Milliseconds, latency);
    logger.info('replied', { key: reply.key, roomId: reply.roomId });
  }
  try {
    await deps.botTable.markAnswered(reply.key);
  } catch (err) {
    // The reply is posted: releasing the claim or throwing (so EventBridge retries) would post it twice.
    logger.warn('reply posted but not marked answered', { key: reply.key, error: err as Error });
  }
}

function planReply(event: BusEvent, now: Date): Reply | null {
  const detail = event.detail;
  switch (event['detail-type']) {
    case 'MessagePosted': {
      const message = detail as ChatMessage;
      if (typeof message?.messageId !== 'string' || typeof message.text !== 'string') return null;
      return {
        key: `message#${message.messageId}`,
        correlationId: message.messageId,
        since: message.createdAt,
        roomId: message.roomId,
        compose: async () => replyToMessage(message, await deps.skills()),
      };
    }
    case 'ReminderDue': {
      if (!isReminderDueDetail(detail)) return null;
      const reminderId = (detail as { reminderId?: unknown }).reminderId;
      return {
        key: `reminder#${typeof reminderId === 'string' ? reminderId : event.id}`,
        correlationId: typeof reminderId === 'string' ? reminderId : event.id,
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
        compose: async () =>
          (await deps.botTable.firstWelcomeWithin(
            detail.roomId,
            detail.name,
            nowSeconds,
            WELCOME_WINDOW_SECONDS,
            key,
          ))
            ? welcomeMessage(detail)
            : null,
        onFailure: () => deps.botTable.forgetWelcome(detail.roomId, detail.name),
      };
    }
    default:
      logger.warn('unexpected event', { detailType: event['detail-type'] });
      return null;
  }
}
