import { logger } from '../adapters/logger';
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
  roomId: string;
  compose(): Promise<string | null>;
  /** Undo side effects of a claim when the reply could not be posted (so the retry can answer). */
  onFailure?(): Promise<void>;
}

/**
 * Pyro, triggered by the bus rule: works out a reply and posts it through the HTTP API. Idempotent per
 * source event; a failure to post throws, so EventBridge retries and finally dead-letters the event.
 */
export async function handler(event: BusEvent): Promise<void> {
  const now = new Date();
  const reply = planReply(event, now);
  await deps.botTable.recordHeartbeat(now);
  if (!reply) return;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (!(await deps.botTable.claim(reply.key, nowSeconds))) {
    logger.info('duplicate delivery ignored', { key: reply.key });
    return;
  }
  try {
    const text = await reply.compose();
    if (text) await deps.api.postMessage(reply.roomId, text);
    await deps.botTable.markAnswered(reply.key);
  } catch (err) {
    await deps.botTable.release(reply.key);
    await reply.onFailure?.();
    throw err;
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
        roomId: message.roomId,
        compose: async () => replyToMessage(message, await deps.skills()),
      };
    }
    case 'ReminderDue': {
      if (!isReminderDueDetail(detail)) return null;
      const reminderId = (detail as { reminderId?: unknown }).reminderId;
      return {
        key: `reminder#${typeof reminderId === 'string' ? reminderId : event.id}`,
        roomId: detail.roomId,
        compose: async () => replyToReminderDue(detail),
      };
    }
    case 'MemberJoined': {
      if (!isMemberJoinedDetail(detail)) return null;
      const nowSeconds = Math.floor(now.getTime() / 1000);
      return {
        key: `joined#${event.id}`,
        roomId: detail.roomId,
        compose: async () =>
          (await deps.botTable.firstWelcomeWithin(
            detail.roomId,
            detail.name,
            nowSeconds,
            WELCOME_WINDOW_SECONDS,
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
