import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeBotHandler } from '../../../../lambdas/bot/on-event.handler';
import type { ReplyLedger, ReplyPoster } from '../../../../lambdas/core/bot/reply-protocol';
import { captureEmf, declaredMetrics, type EmfDocument } from '../adapters/emf';
import { fakeDeps } from '../core/bot/fakes';
import { FakeClock, FakeRateLimiter, T0 } from '../core/fakes';
import '../handler-env';

/** A ledger that grants every claim and records what was asked of it. */
class RecordingLedger implements ReplyLedger {
  readonly claims: { key: string; nowMs: number; leaseUntilMs: number }[] = [];
  heartbeats = 0;
  async recordHeartbeat(): Promise<void> {
    this.heartbeats++;
  }
  async claim(key: string, nowMs: number, leaseUntilMs: number): Promise<boolean> {
    this.claims.push({ key, nowMs, leaseUntilMs });
    return true;
  }
  async release(): Promise<void> {}
  async markAnswered(): Promise<void> {}
  async firstWelcomeWithin(): Promise<boolean> {
    return true;
  }
  async forgetWelcome(): Promise<void> {}
}

class FakePoster implements ReplyPoster {
  readonly posts: { roomId: string; text: string; correlationId: string }[] = [];
  failure?: Error;
  async postMessage(roomId: string, text: string, correlationId: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.posts.push({ roomId, text, correlationId });
  }
}

const context = { getRemainingTimeInMillis: () => 14_000 };
let ledger: RecordingLedger;
let poster: FakePoster;
let handler: ReturnType<typeof makeBotHandler>;
/** The EMF documents (one JSON line per flush) the handler wrote to stdout. */
let emf: EmfDocument[];

beforeEach(() => {
  ledger = new RecordingLedger();
  poster = new FakePoster();
  const clock = new FakeClock();
  handler = makeBotHandler({
    ledger,
    poster,
    clock,
    welcomes: new FakeRateLimiter(),
    skills: async () => fakeDeps(),
  });
  emf = captureEmf();
});
afterEach(() => vi.restoreAllMocks());

const messagePosted = (text: string, messageId = 'm-1', createdAt = new Date(T0 - 50).toISOString()) => ({
  version: '0',
  id: `event-${messageId}`,
  'detail-type': 'MessagePosted',
  source: 'chatty',
  detail: { messageId, roomId: 'lobby', sender: 'Ada', text, createdAt },
});

const metricNames = () =>
  emf.flatMap((doc) => Object.keys(doc).filter((k) => !['_aws', 'service'].includes(k)));

describe('the bot handler', () => {
  it('reads EventBridge’s envelope and posts the reply with the message id as correlation id', async () => {
    await handler(messagePosted('thanks pyro'), context);
    expect(ledger.heartbeats).toBe(1);
    expect(poster.posts).toEqual([{ roomId: 'lobby', text: "You're welcome, Ada!", correlationId: 'm-1' }]);
  });

  it('holds its claim until the invocation’s deadline, read from the Lambda context, so a retry after a timeout can answer', async () => {
    await handler(messagePosted('hi pyro', 'm-deadline'), context);
    expect(ledger.claims).toEqual([{ key: 'message#m-deadline', nowMs: T0, leaseUntilMs: T0 + 14_000 }]);
  });

  it('counts a reply and its latency since the message was posted in one EMF document', async () => {
    await handler(messagePosted('hi pyro'), context);
    expect(emf).toHaveLength(1);
    const [doc] = emf;
    expect(doc?.BotReplies).toBe(1);
    expect(doc?.BotLatency).toBe(50);
    expect(doc?._aws.CloudWatchMetrics[0]?.Namespace).toBe('Chatty');
    expect(declaredMetrics(doc)).toEqual(['BotLatency', 'BotReplies']);
  });

  it('leaves BotLatency out when the message carries no usable creation time', async () => {
    await handler(messagePosted('hi pyro', 'm-8', 'not a date'), context);
    expect(metricNames()).toEqual(['BotReplies']);
  });

  it('counts BotErrors and rethrows when the reply cannot be posted, so Lambda retries the event', async () => {
    poster.failure = new Error('HTTP API answered 500');
    await expect(handler(messagePosted('hi pyro', 'm-3'), context)).rejects.toBe(poster.failure);
    expect(metricNames()).toEqual(['BotErrors']);
  });

  it('writes no metrics for an event it ignores', async () => {
    await handler({ id: 'ev-x', 'detail-type': 'Mystery', detail: {} }, context);
    expect(ledger.heartbeats).toBe(1);
    expect(emf).toEqual([]);
  });
});
